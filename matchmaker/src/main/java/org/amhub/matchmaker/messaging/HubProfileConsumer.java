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
        matches.apply(record.key(), HubProfileChanged.read(mapper, record.key(), record.value()));
    }
}
