package org.amhub.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Relays committed outbox rows to Kafka, oldest first, and marks them published once the broker acknowledged them.
 * While Kafka is unreachable rows simply wait (with a growing pause between attempts); nothing is lost and nothing
 * is sent for a transaction that rolled back, because such rows never existed.
 * Delivery is at least once: a crash between the broker's acknowledgement and the commit of "published" sends the
 * row again, which consumers absorb through event ids.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final EntityManager entityManager;
    private final OutboxConfig config;
    private final TopicProvisioner topics;
    private final KafkaProducer<String, String> producer;
    private final Counter published;
    private final Counter failures;

    private Duration backoff = Duration.ZERO;
    private Instant nextAttempt = Instant.MIN;

    OutboxRelay(EntityManager entityManager, OutboxConfig config, TopicProvisioner topics, MeterRegistry registry,
                @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.entityManager = entityManager;
        this.config = config;
        this.topics = topics;
        long timeoutMs = config.sendTimeout().toMillis();
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs / 2),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay"),
                new StringSerializer(), new StringSerializer());
        this.published = registry.counter("amhub.outbox.published");
        this.failures = registry.counter("amhub.outbox.failures");
        registry.gauge("amhub.outbox.backoff.seconds", this, relay -> relay.backoff.toMillis() / 1000.0);
    }

    @Scheduled(every = "${amhub.outbox.poll-interval:200ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "outbox-relay")
    void tick() {
        if (Instant.now().isBefore(nextAttempt)) {
            return;
        }
        try {
            topics.ensureProvisioned();
            BatchResult result;
            do {
                result = relayBatch();
            } while (result.complete() && result.published() == config.batchSize());
            if (result.complete()) {
                backoff = Duration.ZERO;
                return;
            }
            onFailure(result.error());
        } catch (RuntimeException e) {
            onFailure(e.getMessage());
        }
    }

    private void onFailure(String error) {
        failures.increment();
        backoff = backoff.isZero() ? Duration.ofMillis(250) : min(backoff.multipliedBy(2), config.maxBackoff());
        nextAttempt = Instant.now().plus(backoff);
        LOG.warnf("Outbox relay could not publish, retrying in %s: %s", backoff, error);
    }

    /** What one batch achieved; {@code error} is set when the broker did not acknowledge every row. */
    record BatchResult(int published, String error) {
        boolean complete() {
            return error == null;
        }
    }

    /**
     * Publishes one batch in one transaction: acknowledged rows are marked published, the others get their attempt
     * counted and stay pending for the next tick.
     */
    BatchResult relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<OutboxMessage> batch = entityManager.createNativeQuery(
                            "SELECT * FROM outbox_message WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED",
                            OutboxMessage.class)
                    .setParameter("limit", config.batchSize())
                    .getResultList();
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (OutboxMessage message : batch) {
                Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(message.topic, message.messageKey, message.payload));
                acks.add(ack);
                if (ack.isDone() && failed(ack)) {
                    break; // the broker is unreachable: every further send would block for max.block.ms too
                }
            }
            long deadline = System.nanoTime() + config.sendTimeout().toNanos();
            Instant now = Instant.now();
            int done = 0;
            String error = null;
            for (int i = 0; i < acks.size(); i++) {
                OutboxMessage message = batch.get(i);
                try {
                    acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    message.publishedAt = now;
                    done++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    message.attempts++;
                    error = "interrupted";
                } catch (ExecutionException | TimeoutException e) {
                    message.attempts++;
                    message.lastError = String.valueOf(e.getCause() == null ? e : e.getCause());
                    error = error == null ? message.lastError : error;
                }
            }
            if (error == null && acks.size() < batch.size()) {
                error = "batch interrupted";
            }
            published.increment(done);
            return new BatchResult(done, error);
        });
    }

    @Scheduled(every = "1h", delayed = "1m", identity = "outbox-cleanup")
    void deleteOldPublished() {
        Instant cutoff = Instant.now().minus(config.retention());
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createQuery("DELETE FROM OutboxMessage WHERE publishedAt < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate());
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static boolean failed(Future<?> future) {
        try {
            future.get(0, TimeUnit.NANOSECONDS);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return true;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
