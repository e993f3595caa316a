package org.amhub.matchmaker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.matchmaker.service.MatchService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the compacted hub-profile topic from the beginning. A record that cannot be read or applied fails and goes
 * to the dead-letter topic (see application.properties); the consumer moves on to the next one.
 */
@ApplicationScoped
public class HubProfileConsumer {

    private final MatchService matches;
    private final ObjectMapper mapper;

    public HubProfileConsumer(MatchService matches, ObjectMapper mapper) {
        this.matches = matches;
        this.mapper = mapper;
    }

    @Incoming("hub-profiles")
    @Blocking // ordered by default: one record at a time, in partition order
    public void consume(ConsumerRecord<String, String> record) throws JsonProcessingException {
        if (record.key() == null) {
            throw new IllegalArgumentException("Hub-profile record without a key at offset " + record.offset());
        }
        HubProfileChanged event = record.value() == null ? null : mapper.readValue(record.value(), HubProfileChanged.class);
        if (event != null && (event.profile() == null || event.profile().id() == null)) {
            throw new IllegalArgumentException("Hub-profile event without a profile at offset " + record.offset());
        }
        matches.apply(record.key(), event);
    }
}
