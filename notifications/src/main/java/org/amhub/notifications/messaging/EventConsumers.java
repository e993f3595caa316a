package org.amhub.notifications.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.match.MatchSuggested;
import org.amhub.notifications.service.NotificationService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads suggestions (to alert) and hub profiles (for each host's contact). A record that cannot be read or applied
 * goes to the channel's dead-letter topic; the consumer carries on with the next.
 */
@ApplicationScoped
public class EventConsumers {

    private final NotificationService notifications;
    private final ObjectMapper mapper;

    public EventConsumers(NotificationService notifications, ObjectMapper mapper) {
        this.notifications = notifications;
        this.mapper = mapper;
    }

    @Incoming("match-suggestions")
    @Blocking
    public void suggestion(ConsumerRecord<String, String> record) throws JsonProcessingException {
        if (record.value() == null) {
            throw new IllegalArgumentException("Suggestion record without a value at offset " + record.offset());
        }
        MatchSuggested event = mapper.readValue(record.value(), MatchSuggested.class);
        if (event.matchId() == null || event.hubA() == null || event.hubB() == null || event.change() == null) {
            throw new IllegalArgumentException("Incomplete suggestion event at offset " + record.offset());
        }
        notifications.onSuggestion(event);
    }

    @Incoming("hub-profiles")
    @Blocking
    public void hubProfile(ConsumerRecord<String, String> record) throws JsonProcessingException {
        notifications.onHubProfile(record.key(), HubProfileChanged.read(mapper, record.key(), record.value()));
    }
}
