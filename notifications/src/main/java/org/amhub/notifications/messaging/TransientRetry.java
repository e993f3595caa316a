package org.amhub.notifications.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.notifications.config.NotificationsConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a consumer's handler until it succeeds or fails for a reason in the record itself. A transient failure (the
 * database or broker away, a timeout) is retried on the same record with exponential backoff and jitter, without limit:
 * the method does not return, so the record is neither acknowledged nor dead-lettered and the channel does not move
 * past it. A poison record ({@link FailureClassifier#isPoison}) is thrown on at once, to the dead-letter topic.
 */
@ApplicationScoped
public class TransientRetry {

    private static final Logger LOG = Logger.getLogger(TransientRetry.class);

    /** A handler step that may throw anything. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private final NotificationsConfig.Consumers config;
    private final MeterRegistry metrics;
    /** Per channel: since when its current record has been failing (absent while it is not). */
    private final Map<String, Instant> retryingSince = new ConcurrentHashMap<>();

    public TransientRetry(NotificationsConfig config, MeterRegistry metrics) {
        this.config = config.consumers();
        this.metrics = metrics;
    }

    public void run(String channel, String recordId, Step step) throws Exception {
        boolean interrupted = false;
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                if (attempt > 1) {
                    LOG.infof("Channel %s processed %s after %d attempts", channel, recordId, attempt);
                }
                retryingSince.remove(channel);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return;
            } catch (Exception e) {
                if (FailureClassifier.isPoison(e)) {
                    retryingSince.remove(channel);
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    metrics.counter("amhub.notifications.consumer.poison", "channel", channel).increment();
                    throw e;
                }
                retryingSince.putIfAbsent(channel, Instant.now());
                metrics.counter("amhub.notifications.consumer.retries", "channel", channel).increment();
                Duration delay = backoff(attempt);
                LOG.warnf("Channel %s: transient failure on %s (attempt %d), retrying in %d ms: %s", channel, recordId,
                        attempt, delay.toMillis(), e);
                interrupted |= sleep(delay);
            }
        }
    }

    /** Since when each channel has been retrying its current record; empty when every channel is flowing. */
    public Map<String, Instant> retryingSince() {
        return Map.copyOf(retryingSince);
    }

    Duration backoff(int attempt) {
        long initial = config.initialBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        long delay = Math.min(max, initial * (1L << Math.min(attempt - 1, 30)));
        long jitter = delay / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(delay / 5);
        return Duration.ofMillis(Math.min(max, delay + jitter));
    }

    /**
     * Waits, ignoring interrupts (they are restored afterwards): giving up would either acknowledge the record (lost) or
     * dead-letter it (a transient failure treated as poison). On shutdown the record stays uncommitted and comes again.
     *
     * @return whether the thread was interrupted meanwhile
     */
    private static boolean sleep(Duration delay) {
        long end = System.nanoTime() + delay.toNanos();
        boolean interrupted = false;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }
}
