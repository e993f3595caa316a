package org.amhub.deadletters;

import java.time.Instant;
import java.util.Map;

/**
 * One letter as the admin API shows it.
 *
 * @param reason   SmallRye's {@code dead-letter-reason} header: the failure's message
 * @param cause    {@code dead-letter-cause}, the cause's message when there is one
 * @param headers  every {@code dead-letter-*} header (exception class, source topic, partition and offset)
 * @param status   {@code PENDING} or {@code REPLAYED}
 */
public record DeadLetter(String id, String topic, int partition, long offset, String key, String payloadPreview,
                         int payloadLength, Instant timestamp, String reason, String cause, String sourceTopic,
                         Map<String, String> headers, String status, Instant replayedAt, String replayedBy) {

    public static final String PENDING = "PENDING";
    public static final String REPLAYED = "REPLAYED";
}
