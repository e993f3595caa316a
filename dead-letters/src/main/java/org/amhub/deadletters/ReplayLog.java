package org.amhub.deadletters;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Which letters have been replayed, in the service's own database: table {@code dead_letter_replay}, created by the
 * service's Flyway migration (DDL in {@code org/amhub/deadletters/dead_letter_replay.sql} of this jar).
 */
@ApplicationScoped
public class ReplayLog {

    public record Replay(Instant at, String by) {
    }

    private final AgroalDataSource dataSource;

    public ReplayLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Replays of one topic, by partition and offset. */
    public Map<DeadLetterId, Replay> replays(String topic) {
        Map<DeadLetterId, Replay> replays = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT dlq_partition, dlq_offset, replayed_at, replayed_by FROM dead_letter_replay WHERE topic = ?")) {
            select.setString(1, topic);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    replays.put(new DeadLetterId(topic, rs.getInt(1), rs.getLong(2)),
                            new Replay(rs.getTimestamp(3).toInstant(), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the dead-letter replay log", e);
        }
        return replays;
    }

    /** Records a replay; returns false when the letter had already been recorded as replayed. */
    public boolean record(DeadLetterId id, String by) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO dead_letter_replay "
                     + "(topic, dlq_partition, dlq_offset, replayed_at, replayed_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, id.topic());
            insert.setInt(2, id.partition());
            insert.setLong(3, id.offset());
            insert.setTimestamp(4, Timestamp.from(Instant.now()));
            insert.setString(5, by);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the replay of " + id, e);
        }
    }
}
