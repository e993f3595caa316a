package org.amhub.outbox;

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The outbox rows one transaction appended and has not written yet. Hibernate calls it after its flush before the
 * commit; one JDBC batch is one round trip to PostgreSQL, where persisting each row (an identity insert, which
 * Hibernate cannot batch) cost one each.
 */
final class PendingRows implements TransactionCompletionCallbacks.BeforeCompletionCallback {

    /** Rows written in one batch; the transaction writes them at once when this many wait. */
    static final int BATCH = 256;

    private static final String INSERT = "INSERT INTO outbox_message (event_id, topic, message_key, payload, created_at, traceparent) "
            + "VALUES (?, ?, ?, ?, ?, ?)";

    record Row(UUID eventId, String topic, String key, String payload, Instant createdAt, String traceparent) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    boolean full() {
        return rows.size() >= BATCH;
    }

    @Override
    public void doBeforeTransactionCompletion(SharedSessionContractImplementor session) {
        write(session);
    }

    /** Inserts the waiting rows on the session's connection (so in its transaction), in the order they were appended. */
    void write(SharedSessionContractImplementor session) {
        if (rows.isEmpty()) {
            return;
        }
        session.doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Row row : rows) {
                    insert.setObject(1, row.eventId());
                    insert.setString(2, row.topic());
                    insert.setString(3, row.key());
                    if (row.payload() == null) {
                        insert.setNull(4, Types.VARCHAR);
                    } else {
                        insert.setString(4, row.payload());
                    }
                    insert.setObject(5, OffsetDateTime.ofInstant(row.createdAt(), ZoneOffset.UTC));
                    insert.setString(6, row.traceparent());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        rows.clear();
    }
}
