package org.amhub.matchmaker.messaging;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.amhub.deadletters.DeadLetterSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The hub-profile consumer's dead-letter topic, replayed through the consumer's own idempotent handling. */
@ApplicationScoped
public class DeadLetterSources {

    @Produces
    @ApplicationScoped
    @Unremovable
    @Named("hub-profiles-dlq")
    DeadLetterSource hubProfiles(HubProfileConsumer consumer,
                                 @ConfigProperty(name = "mp.messaging.incoming.hub-profiles.dead-letter-queue.topic") String topic) {
        return DeadLetterSource.of(topic, consumer::replay);
    }
}
