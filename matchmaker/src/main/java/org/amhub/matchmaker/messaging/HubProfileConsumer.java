package org.amhub.matchmaker.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.matchmaker.config.MatchmakerConfig;
import org.amhub.matchmaker.service.MatchService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;

/**
 * Reads the compacted hub-profile topic from the beginning, one record at a time in partition order.
 * <p>
 * A record that cannot be read (not JSON, not a hub profile, a key that is no hub id) is poison: it fails and goes to
 * the dead-letter topic (see application.properties). Any other failure (database down, timeout) is transient: the
 * record is retried with exponential backoff for as long as it takes and the consumer does not move past it, so no
 * change is skipped.
 */
@ApplicationScoped
public class HubProfileConsumer {

    private static final Logger LOG = Logger.getLogger(HubProfileConsumer.class);

    private final MatchService matches;
    private final ObjectMapper mapper;
    private final MatchmakerConfig.Retry retry;
    private final Counter retries;

    public HubProfileConsumer(MatchService matches, ObjectMapper mapper, MatchmakerConfig config, MeterRegistry registry) {
        this.matches = matches;
        this.mapper = mapper;
        this.retry = config.retry();
        this.retries = Counter.builder("amhub.matchmaker.consumer.retries")
                .description("Transient failures retried while applying hub-profile records").register(registry);
    }

    @Incoming("hub-profiles")
    @Blocking // ordered by default: one record at a time, in partition order
    public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
        HubProfileChanged event = read(record);
        Duration delay = retry.initialDelay();
        for (int attempt = 1; ; attempt++) {
            try {
                matches.apply(record.key(), event);
                return;
            } catch (RuntimeException transientFailure) {
                LOG.warnf("Applying hub %s (offset %d) failed, attempt %d, retrying in %s: %s", record.key(),
                        record.offset(), attempt, delay, transientFailure.toString());
                retries.increment();
                Thread.sleep(delay.toMillis());
                delay = delay.multipliedBy(2).compareTo(retry.maxDelay()) > 0 ? retry.maxDelay() : delay.multipliedBy(2);
            }
        }
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
