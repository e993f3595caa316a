package org.amhub.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Relays committed outbox rows to Kafka in id order and marks them published once the broker acknowledged them.
 * <p>
 * <b>One active relay per database.</b> Every instance of a service runs this relay, but each batch first takes a
 * PostgreSQL advisory lock for the length of its transaction ({@code pg_try_advisory_xact_lock}); an instance that does
 * not get it stands by for this tick. So batches never overlap, each batch is sent in id order by one producer
 * (idempotent, so the broker keeps that order per partition) and marked published before the lock is released: the
 * next batch, by whichever instance, starts after it. A relay that dies mid-batch releases the lock with its
 * connection; its rows are still pending and go out with the next batch.
 * <p>
 * <b>Order under failure.</b> Only the acknowledged prefix of a batch is marked published; from the first row the broker
 * did not acknowledge on, every row stays pending and is sent again in id order, even rows that did arrive. A key's
 * events therefore always end in the order they were committed (a row for a key is written under that key's row lock,
 * so id order is commit order per key); the cost is a duplicate now and then, which consumers absorb by event id.
 * <p>
 * While Kafka is unreachable rows simply wait (with a growing pause between attempts); nothing is lost and nothing is
 * sent for a transaction that rolled back, because such rows never existed.
 * <p>
 * <b>Traces.</b> A row written inside a trace carries its {@code traceparent}; the relay sends it in a {@code publish}
 * span that continues that trace and puts the span's context in the record's {@code traceparent} header, so the
 * consumers' spans join the trace of the request that made the change.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Advisory lock key of the relay (advisory locks are per database, so one key serves every service). */
    static final long RELAY_LOCK = 0x616d6875625f6f62L; // "amhub_ob"

    private final EntityManager entityManager;
    private final OutboxConfig config;
    private final TopicProvisioner topics;
    private final KafkaProducer<String, String> producer;
    private final Counter published;
    private final Counter failures;
    private final Tracer tracer;

    private volatile Duration backoff = Duration.ZERO;
    private volatile Instant nextAttempt = Instant.MIN;
    private volatile Instant failingSince;
    private volatile String lastError;
    private volatile boolean active;
    private volatile long pending;
    private volatile double oldestPendingAgeSeconds;
    private volatile Instant statsReadAt = Instant.MIN;

    OutboxRelay(EntityManager entityManager, OutboxConfig config, TopicProvisioner topics, MeterRegistry registry,
                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, OpenTelemetry openTelemetry) {
        this.entityManager = entityManager;
        this.config = config;
        this.topics = topics;
        this.producer = new KafkaProducer<>(producerConfig(kafkaConfig, config), new StringSerializer(), new StringSerializer());
        this.published = registry.counter("amhub.outbox.published");
        this.failures = registry.counter("amhub.outbox.failures");
        this.tracer = openTelemetry.getTracer("org.amhub.outbox");
        registry.gauge("amhub.outbox.backoff.seconds", this, relay -> relay.backoff.toMillis() / 1000.0);
        registry.gauge("amhub.outbox.pending", this, relay -> relay.pending);
        registry.gauge("amhub.outbox.oldest.pending.age.seconds", this, relay -> relay.oldestPendingAgeSeconds);
        registry.gauge("amhub.outbox.relay.active", this, relay -> relay.active ? 1 : 0);
    }

    /**
     * Every {@code kafka.*} property of the service (bootstrap servers, security protocol, SASL, TLS ...), then the
     * relay's own delivery settings, which no configuration may weaken.
     */
    static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig, OutboxConfig config) {
        Map<String, Object> settings = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        long timeoutMs = config.sendTimeout().toMillis();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs / 2));
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        settings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return settings;
    }

    /** Runs relay passes when a transaction that appended to the outbox commits: one at a time, coalesced. */
    private final java.util.concurrent.ExecutorService waker = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "outbox-relay-wake");
                thread.setDaemon(true);
                return thread;
            });
    private final java.util.concurrent.atomic.AtomicBoolean wakeQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.locks.ReentrantLock passing = new java.util.concurrent.locks.ReentrantLock();

    /**
     * A commit that wrote to the outbox wakes the relay at once, so an event leaves within milliseconds instead of
     * waiting for the next poll; polling stays as the fallback (rows written by another instance, retries).
     */
    void onCommit(@jakarta.enterprise.event.Observes(during = jakarta.enterprise.event.TransactionPhase.AFTER_SUCCESS)
                  Outbox.Appended appended) {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                waker.execute(() -> {
                    wakeQueued.set(false);
                    tick();
                });
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                wakeQueued.set(false);
            }
        }
    }

    @Scheduled(every = "${amhub.outbox.poll-interval:200ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "outbox-relay")
    void tick() {
        passing.lock(); // the poll and a wake-up never run a pass at the same time
        try {
            pass();
        } finally {
            passing.unlock();
        }
    }

    private void pass() {
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
                failingSince = null;
                lastError = null;
            } else {
                onFailure(result.error());
            }
        } catch (RuntimeException e) {
            onFailure(e.getMessage());
        }
        refreshStats();
    }

    private void onFailure(String error) {
        failures.increment();
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        lastError = error;
        backoff = backoff.isZero() ? Duration.ofMillis(250) : min(backoff.multipliedBy(2), config.maxBackoff());
        nextAttempt = Instant.now().plus(backoff);
        LOG.warnf("Outbox relay could not publish, retrying in %s: %s", backoff, error);
    }

    /** What one batch achieved; {@code error} is set when the broker did not acknowledge every row. */
    record BatchResult(int published, String error, boolean standby) {
        boolean complete() {
            return error == null;
        }
    }

    /**
     * Publishes one batch in one transaction, if this instance holds the relay lock: the acknowledged prefix is marked
     * published; the first unacknowledged row gets its attempt counted, and it and every later row stay pending.
     */
    BatchResult relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object locked = entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)")
                    .setParameter("key", RELAY_LOCK)
                    .getSingleResult();
            active = Boolean.TRUE.equals(locked);
            if (!active) {
                return new BatchResult(0, null, true); // another instance is relaying this database
            }
            // Marking rows published need not wait for the WAL flush (~1.5 ms here): were PostgreSQL to crash before
            // it, the rows would only be sent again, which consumers take as duplicates (at least once, as always).
            entityManager.createNativeQuery("SELECT set_config('synchronous_commit', 'off', true)").getSingleResult();
            @SuppressWarnings("unchecked")
            List<OutboxMessage> batch = entityManager.createNativeQuery(
                            "SELECT * FROM outbox_message WHERE published_at IS NULL ORDER BY id LIMIT :limit",
                            OutboxMessage.class)
                    .setParameter("limit", config.batchSize())
                    .getResultList();
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            List<Span> spans = new ArrayList<>(batch.size());
            for (OutboxMessage message : batch) {
                ProducerRecord<String, String> record = new ProducerRecord<>(message.topic, message.messageKey, message.payload);
                Span span = publishSpan(message);
                spans.add(span);
                if (span != null) {
                    TraceContext.setHeader(record.headers(), TraceContext.traceparent(Context.root().with(span)));
                }
                Future<RecordMetadata> ack = producer.send(record);
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
                Span span = spans.get(i);
                try {
                    acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (error == null) {
                        message.publishedAt = now; // only the unbroken, acknowledged prefix counts as published
                        done++;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (span != null) {
                        span.setStatus(StatusCode.ERROR, String.valueOf(e.getCause() == null ? e : e.getCause()));
                    }
                    if (error == null) {
                        message.attempts++;
                        message.lastError = String.valueOf(e.getCause() == null ? e : e.getCause());
                        error = message.lastError;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (error == null) {
                        message.attempts++;
                        error = "interrupted";
                    }
                } finally {
                    if (span != null) {
                        span.end();
                    }
                }
            }
            if (error == null && acks.size() < batch.size()) {
                error = "batch interrupted";
            }
            published.increment(done);
            return new BatchResult(done, error, false);
        });
    }

    /**
     * A producer span for a row written inside a trace, child of the writer's span (even when the relay sends it much
     * later, after an outage); null for a row without trace context, which goes out without a header.
     */
    private Span publishSpan(OutboxMessage message) {
        Context parent = TraceContext.parent(message.traceparent);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return null;
        }
        return tracer.spanBuilder(message.topic + " publish")
                .setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "publish")
                .setAttribute("messaging.destination.name", message.topic)
                .setAttribute("messaging.kafka.message.key", message.messageKey)
                .setAttribute("messaging.message.id", String.valueOf(message.eventId))
                .startSpan();
    }

    /** Reads the backlog for the gauges, at most once a second; a database outage leaves the last values. */
    private void refreshStats() {
        Instant now = Instant.now();
        if (now.isBefore(statsReadAt.plusSeconds(1))) {
            return;
        }
        statsReadAt = now;
        try {
            Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager.createNativeQuery(
                            "SELECT count(*), min(created_at) FROM outbox_message WHERE published_at IS NULL")
                    .getSingleResult());
            pending = ((Number) row[0]).longValue();
            Instant oldest = toInstant(row[1]);
            oldestPendingAgeSeconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
        } catch (RuntimeException e) {
            LOG.debugf("Outbox statistics unavailable: %s", e.getMessage());
        }
    }

    /** The relay's state for the health check. */
    RelayStatus status() {
        return new RelayStatus(active, failingSince, lastError, pending, oldestPendingAgeSeconds);
    }

    record RelayStatus(boolean active, Instant failingSince, String lastError, long pending, double oldestPendingAgeSeconds) {
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
        waker.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }

    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
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
