package org.amhub.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** Writes events into the outbox table as part of the caller's transaction. */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Records an event to publish once the current transaction commits.
     *
     * @param value the event (serialised as JSON), or {@code null} for a tombstone
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, UUID eventId, Object value) {
        OutboxMessage message = new OutboxMessage();
        message.eventId = eventId;
        message.topic = topic;
        message.messageKey = key;
        message.payload = value == null ? null : toJson(value);
        message.createdAt = Instant.now();
        message.persist();
    }

    private String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event cannot be serialised: " + value.getClass().getName(), e);
        }
    }
}
