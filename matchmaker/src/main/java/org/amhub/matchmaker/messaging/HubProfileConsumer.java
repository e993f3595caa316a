package org.amhub.matchmaker.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.matchmaker.config.MatchmakerConfig;
import org.amhub.matchmaker.service.MatchService;
import org.amhub.matchmaker.service.MatchService.ProfileRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * Reads the compacted hub-profile topic from the beginning, a poll at a time (batch mode, in partition order), and
 * applies every readable record of the poll in one transaction ({@link MatchService#applyAll}).
 * <p>
 * A record that cannot be read (not JSON, not a hub profile, a key that is no hub id) is poison: it alone goes to the
 * dead-letter topic ({@link DeadLetterPublisher}, SmallRye's headers), and its readable neighbours are applied. Any
 * other failure (database down, timeout, the dead-letter topic unreachable) is transient: the whole batch is retried
 * with exponential backoff for as long as it takes, and the consumer does not move past it, so no change is skipped.
 * Offsets are committed only once the method returns, after the batch's transaction committed (at least once; the
 * apply is idempotent by version).
 */
@ApplicationScoped
public class HubProfileConsumer {

    private static final Logger LOG = Logger.getLogger(HubProfileConsumer.class);

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            return StreamSupport.stream(carrier.spliterator(), false).map(Header::key).toList();
        }

        @Override
        public String get(Headers carrier, String key) {
            Header header = carrier == null ? null : carrier.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final MatchService matches;
    private final DeadLetterPublisher deadLetters;
    private final ObjectMapper mapper;
    private final MatchmakerConfig.Retry retry;
    private final Counter retries;
    private final Counter poisoned;
    private final Tracer tracer;
    private final KafkaClientService clients;
    private final String topic;

    public HubProfileConsumer(MatchService matches, DeadLetterPublisher deadLetters, ObjectMapper mapper,
                              MatchmakerConfig config, MeterRegistry registry, OpenTelemetry openTelemetry, KafkaClientService clients,
                              @ConfigProperty(name = "mp.messaging.incoming.hub-profiles.topic", defaultValue = HubTopics.HUB_PROFILES)
                              String topic) {
        this.matches = matches;
        this.deadLetters = deadLetters;
        this.mapper = mapper;
        this.retry = config.retry();
        this.retries = Counter.builder("amhub.matchmaker.consumer.retries")
                .description("Transient failures retried while applying hub-profile batches").register(registry);
        this.poisoned = Counter.builder("amhub.matchmaker.consumer.dead.lettered")
                .description("Unreadable hub-profile records sent to the dead-letter topic").register(registry);
        this.tracer = openTelemetry.getTracer("org.amhub.matchmaker");
        this.clients = clients;
        this.topic = topic;
    }

    @Incoming("hub-profiles")
    @Blocking // ordered by default: one batch at a time, each in partition order
    public void consume(ConsumerRecords<String, String> batch) throws InterruptedException {
        List<ProfileRecord> readable = new ArrayList<>(batch.count());
        List<ConsumerRecord<String, String>> applied = new ArrayList<>(batch.count());
        Deque<Poison> poison = new ArrayDeque<>();
        // Partition by partition, each in offset order; a hub's records all sit in one partition (key = hub id).
        for (ConsumerRecord<String, String> record : batch) {
            try {
                readable.add(new ProfileRecord(record.key(), read(record)));
                applied.add(record);
            } catch (PoisonRecordException unreadable) {
                LOG.warnf("Dead-lettering hub-profile record %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), unreadable.getCause());
                poison.add(new Poison(record, unreadable));
            }
        }
        Span span = span(applied, batch.count());
        try (Scope ignored = span.makeCurrent()) {
            Duration delay = retry.initialDelay();
            for (int attempt = 1; ; attempt++) {
                try {
                    while (!poison.isEmpty()) { // a letter already written is not written again on a retry
                        deadLetters.send(poison.peek().record(), poison.peek().reason());
                        poison.poll();
                        poisoned.increment();
                    }
                    matches.applyAll(readable, lag());
                    return;
                } catch (RuntimeException transientFailure) {
                    LOG.warnf("Applying a batch of %d hub-profile records (%s) failed, attempt %d, retrying in %s: %s",
                            batch.count(), range(batch), attempt, delay, transientFailure.toString());
                    retries.increment();
                    Thread.sleep(delay.toMillis());
                    delay = delay.multipliedBy(2).compareTo(retry.maxDelay()) > 0 ? retry.maxDelay() : delay.multipliedBy(2);
                }
            }
        } finally {
            span.end();
        }
    }

    /**
     * Records of the profile topic on the broker that this consumer has not polled yet: the sum of the Kafka client's
     * {@code records-lag} over its partitions, as of its latest fetch. Read from the client itself (its metrics map
     * is safe to read from any thread), not from Micrometer, which binds a new partition's metrics only at its next
     * refresh, a minute after start: just when an initial load runs. Advisory: 0 when unknown.
     */
    private long lag() {
        try {
            io.smallrye.reactive.messaging.kafka.KafkaConsumer<Object, Object> consumer = clients.getConsumer("hub-profiles");
            if (consumer == null) {
                return 0;
            }
            double lag = 0;
            for (var metric : consumer.unwrap().metrics().entrySet()) {
                MetricName name = metric.getKey();
                if ("records-lag".equals(name.name()) && topic.equals(name.tags().get("topic"))
                        && metric.getValue().metricValue() instanceof Number value
                        && Double.isFinite(value.doubleValue()) && value.doubleValue() > 0) {
                    lag += value.doubleValue();
                }
            }
            return (long) lag;
        } catch (RuntimeException unknown) {
            return 0;
        }
    }

    /**
     * One span for the batch's transaction: a child of the newest traced record (so a suggestion its change causes
     * stays in the registry's trace, as when records were applied one by one), linked to the other traced records.
     */
    private Span span(List<ConsumerRecord<String, String>> records, int count) {
        SpanBuilder builder = tracer.spanBuilder("amhub.hub-profiles.v1 apply")
                .setAttribute("messaging.batch.message_count", count);
        Context parent = null;
        for (int i = records.size() - 1; i >= 0; i--) {
            Context context = W3CTraceContextPropagator.getInstance().extract(Context.root(), records.get(i).headers(), HEADERS);
            SpanContext remote = Span.fromContext(context).getSpanContext();
            if (!remote.isValid()) {
                continue;
            }
            if (parent == null) {
                parent = context;
            } else {
                builder.addLink(remote);
            }
        }
        builder.setParent(parent == null ? Context.current() : parent);
        return builder.startSpan();
    }

    private static String range(ConsumerRecords<String, String> batch) {
        StringBuilder text = new StringBuilder();
        batch.partitions().forEach(partition -> {
            List<ConsumerRecord<String, String>> records = batch.records(partition);
            if (!records.isEmpty()) {
                text.append(text.isEmpty() ? "" : ", ").append(partition).append('@').append(records.get(0).offset())
                        .append("..").append(records.get(records.size() - 1).offset());
            }
        });
        return text.toString();
    }

    private record Poison(ConsumerRecord<String, String> record, PoisonRecordException reason) {
    }

    /**
     * Replays a dead letter through the same path, once: a letter that is still unreadable or cannot be applied
     * stays pending.
     */
    public void replay(String key, String value) {
        matches.apply(key, read(key, value, -1));
    }

    /** Parses and checks the record; anything wrong with the record itself is poison. */
    HubProfileChanged read(ConsumerRecord<String, String> record) {
        return read(record.key(), record.value(), record.offset());
    }

    private HubProfileChanged read(String key, String value, long offset) {
        try {
            UUID.fromString(String.valueOf(key));
            return HubProfileChanged.read(mapper, key, value);
        } catch (Exception unreadable) {
            throw new PoisonRecordException("Unreadable hub-profile record at offset " + offset, unreadable);
        }
    }

    /** A record that no retry can fix: it goes to the dead-letter topic. */
    public static final class PoisonRecordException extends RuntimeException {
        public PoisonRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
