package org.amhub.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** Writes events into the outbox table as part of the caller's transaction. */
@ApplicationScoped
public class Outbox {

    /** Fired with each appended row; the relay observes it after the transaction commits and wakes at once. */
    public record Appended(String topic) {
    }

    private final ObjectMapper mapper;
    private final Event<Appended> appended;

    public Outbox(ObjectMapper mapper, Event<Appended> appended) {
        this.mapper = mapper;
        this.appended = appended;
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
        message.traceparent = TraceContext.currentTraceparent();
        message.persist();
        appended.fire(new Appended(topic));
    }

    private String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event cannot be serialised: " + value.getClass().getName(), e);
        }
    }
}
