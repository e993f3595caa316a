package org.amhub.notifications.health;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.amhub.notifications.messaging.EventConsumers;
import org.amhub.notifications.messaging.TransientRetry;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * What operators watch: deliveries due and not being sent, the age of the oldest, deliveries in flight, and how long
 * each consumer has been retrying its current record. Counted in PostgreSQL at most every few seconds.
 */
@ApplicationScoped
public class DeliveryBacklog {

    private static final Logger LOG = Logger.getLogger(DeliveryBacklog.class);
    private static final Duration CACHE = Duration.ofSeconds(5);

    public record Snapshot(long due, double oldestDueAgeSeconds, long leased, long waitingForDigest, Instant at) {
    }

    private final AgroalDataSource dataSource;
    private final TransientRetry retry;
    private volatile Snapshot last = new Snapshot(0, 0, 0, 0, Instant.EPOCH);

    public DeliveryBacklog(AgroalDataSource dataSource, TransientRetry retry) {
        this.dataSource = dataSource;
        this.retry = retry;
    }

    void register(@Observes StartupEvent startup, MeterRegistry metrics) {
        Gauge.builder("amhub.notifications.deliveries.due", this, b -> b.snapshot().due())
                .description("Deliveries due now and not claimed by a worker").register(metrics);
        Gauge.builder("amhub.notifications.deliveries.oldest.due.age.seconds", this, b -> b.snapshot().oldestDueAgeSeconds())
                .description("How long the oldest due delivery has been waiting").register(metrics);
        Gauge.builder("amhub.notifications.deliveries.leased", this, b -> b.snapshot().leased())
                .description("Deliveries claimed by a worker (being sent)").register(metrics);
        Gauge.builder("amhub.notifications.deliveries.digest.waiting", this, b -> b.snapshot().waitingForDigest())
                .description("Items waiting for a digest").register(metrics);
        for (String channel : new String[]{EventConsumers.SUGGESTIONS, EventConsumers.HUB_PROFILES}) {
            Gauge.builder("amhub.notifications.consumer.retrying.seconds", retry, r -> {
                Instant since = r.retryingSince().get(channel);
                return since == null ? 0 : Duration.between(since, Instant.now()).toMillis() / 1000.0;
            }).description("How long the channel has been retrying its current record (0 = flowing)").tag("channel", channel).register(metrics);
        }
    }

    public Snapshot snapshot() {
        Snapshot current = last;
        if (current.at().plus(CACHE).isAfter(Instant.now())) {
            return current;
        }
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT "
                     + "count(*) FILTER (WHERE status IN ('PENDING', 'FAILED') AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())), "
                     + "COALESCE(EXTRACT(EPOCH FROM now() - min(next_attempt_at) FILTER (WHERE status IN ('PENDING', 'FAILED') AND next_attempt_at <= now())), 0), "
                     + "count(*) FILTER (WHERE lease_until >= now()), "
                     + "count(*) FILTER (WHERE status = 'DIGEST') "
                     + "FROM delivery WHERE status IN ('PENDING', 'FAILED', 'DIGEST')")) {
            rs.next();
            last = new Snapshot(rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4), Instant.now());
        } catch (SQLException e) {
            LOG.debugf("Cannot count the delivery backlog: %s", e);
        }
        return last;
    }

    public TransientRetry retry() {
        return retry;
    }
}
