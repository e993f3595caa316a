package org.amhub.deadletters;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.amhub.audit.AuditTrail;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lists the letters of every {@link DeadLetterSource} the service declares and replays them through its handler.
 * A replay is recorded in the service's database ({@link ReplayLog}); a replayed letter no longer counts as pending.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /** A replay that failed: the handler still cannot process the letter. */
    public static class ReplayFailedException extends RuntimeException {
        public final String id;

        ReplayFailedException(String id, Throwable cause) {
            super("Replay of " + id + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
            this.id = id;
        }
    }

    public static class AlreadyReplayedException extends RuntimeException {
        AlreadyReplayedException(String id) {
            super("Dead letter " + id + " was already replayed");
        }
    }

    public static class UnknownDeadLetterException extends RuntimeException {
        UnknownDeadLetterException(String message) {
            super(message);
        }
    }

    public record ReplayResult(String id, boolean replayed, String error) {
    }

    public record ReplaySummary(int replayed, int failed, List<ReplayResult> results) {
    }

    private record Pending(long total, Map<String, Long> byTopic, Instant at) {
    }

    private final Map<String, DeadLetterSource> sources = new TreeMap<>();
    private final DeadLetterTopicReader reader;
    private final ReplayLog log;
    private final AuditTrail audit;
    private final DeadLettersConfig config;
    private final MeterRegistry metrics;
    private final Map<String, Long> lastCounts = new ConcurrentHashMap<>();
    private volatile Pending pending;

    public DeadLetters(@Any Instance<DeadLetterSource> sources, DeadLetterTopicReader reader, ReplayLog log,
                       DeadLettersConfig config, MeterRegistry metrics, AuditTrail audit) {
        sources.forEach(source -> this.sources.put(source.deadLetterTopic(), source));
        this.reader = reader;
        this.log = log;
        this.audit = audit;
        this.config = config;
        this.metrics = metrics;
    }

    void registerGauges(@Observes StartupEvent startup) {
        for (String topic : sources.keySet()) {
            Gauge.builder("amhub.dead.letters.pending", this, d -> d.pendingByTopic().getOrDefault(topic, 0L))
                    .description("Dead letters not yet replayed").tag("topic", topic).register(metrics);
        }
    }

    public List<String> topics() {
        return List.copyOf(sources.keySet());
    }

    /** Letters of one topic (or all when {@code topic} is null), pending only when asked. */
    public List<DeadLetter> list(String topic, boolean pendingOnly) {
        List<DeadLetter> letters = new ArrayList<>();
        for (String t : topic == null ? sources.keySet() : List.of(source(topic).deadLetterTopic())) {
            Map<DeadLetterId, ReplayLog.Replay> replays = log.replays(t);
            for (ConsumerRecord<String, String> record : reader.read(t, config.maxListed())) {
                DeadLetter letter = view(record, replays.get(new DeadLetterId(t, record.partition(), record.offset())));
                if (!pendingOnly || DeadLetter.PENDING.equals(letter.status())) {
                    letters.add(letter);
                }
            }
        }
        return letters;
    }

    /** Replays one letter through its source's handler and records it. */
    public DeadLetter replay(String rawId, String by) {
        DeadLetterId id = DeadLetterId.parse(rawId);
        DeadLetterSource source = source(id.topic());
        if (log.replays(id.topic()).containsKey(id)) {
            throw new AlreadyReplayedException(id.toString());
        }
        ConsumerRecord<String, String> record = reader.read(id)
                .orElseThrow(() -> new UnknownDeadLetterException("No dead letter " + id + " (never written, or past retention)"));
        run(source, record, id, by);
        return view(record, log.replays(id.topic()).get(id));
    }

    /** Replays every pending letter, oldest first per partition; one failure does not stop the others. */
    public ReplaySummary replayAll(String topic, String by) {
        List<ReplayResult> results = new ArrayList<>();
        int replayed = 0;
        for (String t : topic == null ? sources.keySet() : List.of(source(topic).deadLetterTopic())) {
            Map<DeadLetterId, ReplayLog.Replay> replays = log.replays(t);
            for (ConsumerRecord<String, String> record : reader.read(t, Long.MAX_VALUE)) {
                DeadLetterId id = new DeadLetterId(t, record.partition(), record.offset());
                if (replays.containsKey(id)) {
                    continue;
                }
                try {
                    run(sources.get(t), record, id, by);
                    results.add(new ReplayResult(id.toString(), true, null));
                    replayed++;
                } catch (ReplayFailedException e) {
                    results.add(new ReplayResult(id.toString(), false, e.getMessage()));
                }
            }
        }
        return new ReplaySummary(replayed, results.size() - replayed, results);
    }

    private void run(DeadLetterSource source, ConsumerRecord<String, String> record, DeadLetterId id, String by) {
        try {
            source.replay(record.key(), record.value());
        } catch (Exception e) {
            LOG.warnf("Replay of dead letter %s failed: %s", id, e);
            throw new ReplayFailedException(id.toString(), e);
        } finally {
            pending = null;
        }
        // The replay's record and its audit row commit together
        QuarkusTransaction.requiringNew().run(() -> {
            log.record(id, by);
            audit.record("dead-letter.replay", null, id.toString(), Map.of("topic", id.topic(), "key", String.valueOf(record.key())));
        });
        LOG.infof("Dead letter %s replayed by %s", id, by);
    }

    /** Letters not replayed, per topic; cached for {@code pending-cache-ttl}. Unknown (last value kept) while Kafka is away. */
    public Map<String, Long> pendingByTopic() {
        Pending current = pending;
        if (current != null && current.at().plus(config.pendingCacheTtl()).isAfter(Instant.now())) {
            return current.byTopic();
        }
        Map<String, Long> byTopic = new LinkedHashMap<>();
        long total = 0;
        for (String topic : sources.keySet()) {
            long count;
            try {
                Map<DeadLetterId, ReplayLog.Replay> replays = log.replays(topic);
                var bounds = reader.bounds(topic);
                count = 0;
                for (var entry : bounds.entrySet()) {
                    long replayed = replays.keySet().stream().filter(id -> id.partition() == entry.getKey().partition()
                            && id.offset() >= entry.getValue().begin() && id.offset() < entry.getValue().end()).count();
                    count += entry.getValue().size() - replayed;
                }
                lastCounts.put(topic, count);
            } catch (RuntimeException e) {
                LOG.debugf("Cannot count dead letters of %s: %s", topic, e);
                count = lastCounts.getOrDefault(topic, 0L);
            }
            byTopic.put(topic, count);
            total += count;
        }
        pending = new Pending(total, Map.copyOf(byTopic), Instant.now());
        return pending.byTopic();
    }

    public long pendingTotal() {
        return pendingByTopic().values().stream().mapToLong(Long::longValue).sum();
    }

    private DeadLetterSource source(String topic) {
        DeadLetterSource source = sources.get(topic);
        if (source == null) {
            throw new UnknownDeadLetterException("No dead-letter topic '" + topic + "' here; known: " + sources.keySet());
        }
        return source;
    }

    private DeadLetter view(ConsumerRecord<String, String> record, ReplayLog.Replay replay) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith("dead-letter-") && header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        String value = record.value();
        String preview = value == null ? null : value.length() <= config.previewChars() ? value : value.substring(0, config.previewChars()) + "…";
        return new DeadLetter(new DeadLetterId(record.topic(), record.partition(), record.offset()).toString(), record.topic(),
                record.partition(), record.offset(), record.key(), preview, value == null ? 0 : value.length(),
                Instant.ofEpochMilli(record.timestamp()), headers.get("dead-letter-reason"), headers.get("dead-letter-cause"),
                headers.get("dead-letter-topic"), headers, replay == null ? DeadLetter.PENDING : DeadLetter.REPLAYED,
                replay == null ? null : replay.at(), replay == null ? null : replay.by());
    }
}
