package org.amhub.deadletters;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads dead-letter topics with a plain consumer that assigns partitions and seeks: no consumer group, no committed
 * offsets, nothing that another reader could notice. Client settings are the service's {@code kafka.*} (bootstrap
 * servers and any security settings), as Quarkus exposes them under {@code default-kafka-broker}.
 */
@ApplicationScoped
public class DeadLetterTopicReader {

    /** Offsets a partition holds: {@code [begin, end)}. */
    public record Bounds(long begin, long end) {
        public long size() {
            return Math.max(0, end - begin);
        }
    }

    private final Map<String, Object> kafka;
    private final DeadLettersConfig config;

    public DeadLetterTopicReader(@Identifier("default-kafka-broker") Map<String, Object> kafka, DeadLettersConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    KafkaConsumer<String, String> consumer() {
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((name, value) -> {
            if (value != null) {
                props.put(name, value);
            }
        });
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        props.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "dead-letters-admin-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Partition bounds of a topic; empty when the topic does not exist (no letter yet). */
    public Map<TopicPartition, Bounds> bounds(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return bounds(consumer, topic);
        }
    }

    private Map<TopicPartition, Bounds> bounds(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, config.readTimeout());
        if (partitions == null || partitions.isEmpty()) {
            return Map.of();
        }
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, config.readTimeout());
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, config.readTimeout());
        Map<TopicPartition, Bounds> bounds = new HashMap<>();
        for (TopicPartition tp : tps) {
            bounds.put(tp, new Bounds(begin.getOrDefault(tp, 0L), end.getOrDefault(tp, 0L)));
        }
        return bounds;
    }

    /** Records of the topic, oldest first per partition; at most {@code perPartition} (the newest) from each. */
    public List<ConsumerRecord<String, String>> read(String topic, long perPartition) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            Map<TopicPartition, Bounds> bounds = bounds(consumer, topic);
            Map<TopicPartition, Long> ends = new HashMap<>();
            bounds.forEach((tp, b) -> {
                if (b.size() > 0) {
                    ends.put(tp, b.end());
                }
            });
            if (ends.isEmpty()) {
                return records;
            }
            consumer.assign(ends.keySet());
            ends.keySet().forEach(tp -> consumer.seek(tp, Math.max(bounds.get(tp).begin(), bounds.get(tp).end() - perPartition)));
            long deadline = System.nanoTime() + config.readTimeout().toNanos();
            while (!ends.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (ends.containsKey(tp) && record.offset() < ends.get(tp)) {
                        records.add(record);
                    }
                }
                ends.keySet().removeIf(tp -> consumer.position(tp, config.readTimeout()) >= ends.get(tp));
            }
            if (!ends.isEmpty()) {
                throw new IllegalStateException("Timed out reading dead-letter topic " + topic);
            }
        }
        records.sort(Comparator.comparingInt((ConsumerRecord<String, String> r) -> r.partition()).thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /** The record at that position, if the topic still holds it. */
    public Optional<ConsumerRecord<String, String>> read(DeadLetterId id) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(id.topic(), id.partition());
            Bounds b = bounds(consumer, id.topic()).get(tp);
            if (b == null || id.offset() < b.begin() || id.offset() >= b.end()) {
                return Optional.empty();
            }
            consumer.assign(List.of(tp));
            consumer.seek(tp, id.offset());
            long deadline = System.nanoTime() + config.readTimeout().toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == id.offset()) {
                        return Optional.of(record);
                    }
                    if (record.offset() > id.offset()) {
                        return Optional.empty();
                    }
                }
                if (consumer.position(tp, config.readTimeout()) > id.offset()) {
                    return Optional.empty();
                }
            }
            throw new IllegalStateException("Timed out reading dead letter " + id);
        }
    }
}
