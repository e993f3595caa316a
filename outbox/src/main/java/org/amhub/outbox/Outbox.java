package org.amhub.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.hibernate.Session;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import java.time.Instant;
import java.util.UUID;

/**
 * Writes events into the outbox table as part of the caller's transaction.
 * <p>
 * Rows are not inserted one by one: they are collected per transaction and written in JDBC batches on the
 * transaction's own connection, just before it commits (after Hibernate's flush), or as soon as
 * {@link PendingRows#BATCH} are waiting, so a long transaction holds few in memory. An event still exists exactly when
 * its change committed: a failing batch rolls the transaction back. Ids come from the table's identity column when the
 * batch runs, still inside the transaction and under the row locks of the change, so per key they keep commit order.
 */
@ApplicationScoped
public class Outbox {

    /** Fired with each appended row; the relay observes it after the transaction commits and wakes at once. */
    public record Appended(String topic) {
    }

    private final ObjectMapper mapper;
    private final Event<Appended> appended;
    private final Session session;
    private final TransactionSynchronizationRegistry transactions;

    public Outbox(ObjectMapper mapper, Event<Appended> appended, Session session, TransactionSynchronizationRegistry transactions) {
        this.mapper = mapper;
        this.appended = appended;
        this.session = session;
        this.transactions = transactions;
    }

    /**
     * Records an event to publish once the current transaction commits.
     *
     * @param value the event (serialised as JSON), or {@code null} for a tombstone
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, UUID eventId, Object value) {
        PendingRows rows = pendingRows();
        rows.add(new PendingRows.Row(eventId, topic, key, value == null ? null : toJson(value), Instant.now(),
                TraceContext.currentTraceparent()));
        if (rows.full()) {
            rows.write(session.unwrap(SharedSessionContractImplementor.class));
        }
        appended.fire(new Appended(topic));
    }

    /** This transaction's rows, registered with its Hibernate session on first use so they are written before commit. */
    private PendingRows pendingRows() {
        PendingRows rows = (PendingRows) transactions.getResource(PendingRows.class);
        if (rows == null) {
            rows = new PendingRows();
            transactions.putResource(PendingRows.class, rows);
            session.unwrap(SharedSessionContractImplementor.class).getTransactionCompletionCallbacks().registerCallback(rows);
        }
        return rows;
    }

    private String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event cannot be serialised: " + value.getClass().getName(), e);
        }
    }
}
