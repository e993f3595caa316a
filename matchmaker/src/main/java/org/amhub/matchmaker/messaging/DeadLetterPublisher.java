package org.amhub.matchmaker.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.matchmaker.config.MatchmakerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes an unreadable hub-profile record to the dead-letter topic as SmallRye's {@code dead-letter-queue} failure
 * strategy does (same key, value and original headers, the same {@code dead-letter-*} headers), so the dead-letters
 * module lists and replays it alike. The consumer takes records in batches, where SmallRye's strategy would send the
 * whole batch: only the poison record may go.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    /** The headers SmallRye's {@code KafkaDeadLetterQueue} writes (and {@code org.amhub.deadletters} reads). */
    static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    static final String REASON = "dead-letter-reason";
    static final String CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
    static final String CAUSE = "dead-letter-cause";
    static final String TOPIC = "dead-letter-topic";
    static final String PARTITION = "dead-letter-partition";
    static final String OFFSET = "dead-letter-offset";

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Duration timeout;

    DeadLetterPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MatchmakerConfig config) {
        this.topic = config.deadLetters().topic();
        this.timeout = config.deadLetters().sendTimeout();
        Map<String, Object> settings = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout.toMillis() / 2));
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "matchmaker-dead-letters");
        settings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    public String topic() {
        return topic;
    }

    /** Sends the letter and waits for the broker's acknowledgement; any failure is transient (the caller retries). */
    public void send(ConsumerRecord<String, String> record, Throwable reason) {
        ProducerRecord<String, String> letter = new ProducerRecord<>(topic, null, record.key(), record.value());
        header(letter, EXCEPTION_CLASS_NAME, reason.getClass().getName());
        header(letter, REASON, message(reason));
        if (reason.getCause() != null) {
            header(letter, CAUSE_CLASS_NAME, reason.getCause().getClass().getName());
            header(letter, CAUSE, message(reason.getCause()));
        }
        header(letter, TOPIC, record.topic());
        header(letter, PARTITION, Integer.toString(record.partition()));
        header(letter, OFFSET, Long.toString(record.offset()));
        record.headers().forEach(original -> letter.headers().add(original));
        try {
            producer.send(letter).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dead-lettering offset " + record.offset(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not dead-letter offset " + record.offset() + " to " + topic, e);
        }
    }

    private static String message(Throwable throwable) {
        return throwable.getMessage() != null ? throwable.getMessage() : throwable.toString();
    }

    private static void header(ProducerRecord<String, String> letter, String key, String value) {
        letter.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
