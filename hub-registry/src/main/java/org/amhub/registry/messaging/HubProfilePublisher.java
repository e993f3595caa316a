package org.amhub.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.outbox.Outbox;

import java.util.UUID;

/** Turns committed profile changes into hub-profile events, through the outbox of the same transaction. */
@ApplicationScoped
public class HubProfilePublisher {

    private final Outbox outbox;

    public HubProfilePublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    public void changed(HubProfile profile) {
        UUID eventId = UUID.randomUUID();
        outbox.append(HubTopics.HUB_PROFILES, profile.id().toString(), eventId,
                HubProfileChanged.of(eventId, profile.updatedAt(), profile));
    }

    /** A tombstone: the compacted topic forgets the hub, consumers withdraw what they derived from it. */
    public void deleted(UUID hubId) {
        outbox.append(HubTopics.HUB_PROFILES, hubId.toString(), UUID.randomUUID(), null);
    }
}
