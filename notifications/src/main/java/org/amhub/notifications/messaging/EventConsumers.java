package org.amhub.notifications.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.match.MatchParty;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.partnership.PartnershipChanged;
import org.amhub.events.partnership.PartnershipParty;
import org.amhub.notifications.service.NotificationService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads suggestions (to alert), partnership changes (to tell both hubs) and hub profiles (for each host's contact). A record that cannot be read or breaks the
 * contract goes to the channel's dead-letter topic and the consumer carries on with the next. Any other failure (the
 * database away, a timeout) is transient: the same record is retried with backoff until it succeeds, and the consumer
 * does not move past it ({@link TransientRetry}). The handlers are idempotent, so the dead-letter admin replays a
 * letter through them ({@link #handleSuggestion}, {@link #handleHubProfile}).
 */
@ApplicationScoped
public class EventConsumers {

    public static final String SUGGESTIONS = "match-suggestions";
    public static final String HUB_PROFILES = "hub-profiles";
    public static final String PARTNERSHIPS = "partnerships";

    private final NotificationService notifications;
    private final ObjectMapper mapper;
    private final TransientRetry retry;

    public EventConsumers(NotificationService notifications, ObjectMapper mapper, TransientRetry retry) {
        this.notifications = notifications;
        this.mapper = mapper;
        this.retry = retry;
    }

    @Incoming(SUGGESTIONS)
    @Blocking
    public void suggestion(ConsumerRecord<String, String> record) throws Exception {
        retry.run(SUGGESTIONS, describe(record), () -> handleSuggestion(record.key(), record.value()));
    }

    @Incoming(HUB_PROFILES)
    @Blocking
    public void hubProfile(ConsumerRecord<String, String> record) throws Exception {
        retry.run(HUB_PROFILES, describe(record), () -> handleHubProfile(record.key(), record.value()));
    }

    @Incoming(PARTNERSHIPS)
    @Blocking
    public void partnership(ConsumerRecord<String, String> record) throws Exception {
        retry.run(PARTNERSHIPS, describe(record), () -> handlePartnership(record.key(), record.value()));
    }

    /** Applies one partnership record; idempotent (by event id). */
    @SuppressWarnings("unchecked")
    public void handlePartnership(String key, String value) throws JsonProcessingException {
        if (value == null) {
            throw new InvalidRecordException("Partnership record without a value");
        }
        PartnershipChanged event = mapper.readValue(value, PartnershipChanged.class);
        if (event.eventId() == null || event.partnershipId() == null || event.kind() == null || event.stage() == null
                || !valid(event.hubA()) || !valid(event.hubB()) || event.hubA().hubId().equals(event.hubB().hubId())) {
            throw new InvalidRecordException("Incomplete partnership event (partnership " + event.partnershipId() + ")");
        }
        if (key != null && !key.equals(event.partnershipId().toString())) {
            throw new InvalidRecordException("Record key " + key + " is not the partnership id " + event.partnershipId());
        }
        notifications.onPartnership(event, mapper.readValue(value, java.util.Map.class));
    }

    private static boolean valid(PartnershipParty party) {
        return party != null && party.hubId() != null;
    }

    /** Applies one suggestion record; idempotent. */
    public void handleSuggestion(String key, String value) throws JsonProcessingException {
        if (value == null) {
            throw new InvalidRecordException("Suggestion record without a value");
        }
        MatchSuggested event = mapper.readValue(value, MatchSuggested.class);
        if (event.matchId() == null || event.change() == null || !valid(event.hubA()) || !valid(event.hubB())
                || event.topics() == null || event.reasons() == null || !Double.isFinite(event.score())) {
            throw new InvalidRecordException("Incomplete suggestion event (match " + event.matchId() + ")");
        }
        notifications.onSuggestion(event);
    }

    /** Applies one hub-profile record (a null value is a tombstone); idempotent. */
    public void handleHubProfile(String key, String value) throws JsonProcessingException {
        HubProfileChanged event;
        try {
            event = HubProfileChanged.read(mapper, key, value);
            java.util.UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(e.getMessage(), e);
        }
        notifications.onHubProfile(key, event);
    }

    private static boolean valid(MatchParty party) {
        return party != null && party.hubId() != null;
    }

    private static String describe(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
