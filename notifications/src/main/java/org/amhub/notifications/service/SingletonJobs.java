package org.amhub.notifications.service;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Runs a scheduled job on one instance at a time: the run holds a PostgreSQL session advisory lock, named after the
 * job, on a connection of its own for its whole duration (its work happens in other, short transactions). An instance
 * whose timer fires while another runs the job skips it. PostgreSQL releases the lock if the holder's connection dies.
 */
@ApplicationScoped
public class SingletonJobs {

    private static final Logger LOG = Logger.getLogger(SingletonJobs.class);

    private final AgroalDataSource dataSource;

    public SingletonJobs(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code job} unless another instance holds its lock; returns whether it ran. */
    public boolean runExclusively(String name, Runnable job) {
        long key = UUID.nameUUIDFromBytes(("amhub-job:" + name).getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
        try (Connection connection = dataSource.getConnection()) {
            if (!lock(connection, "SELECT pg_try_advisory_lock(?)", key)) {
                LOG.infof("Job %s is running on another instance; skipped here", name);
                return false;
            }
            try {
                job.run();
                return true;
            } finally {
                lock(connection, "SELECT pg_advisory_unlock(?)", key);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the lock of job " + name, e);
        }
    }

    private static boolean lock(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
