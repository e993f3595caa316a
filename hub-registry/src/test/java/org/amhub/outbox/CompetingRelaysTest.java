package org.amhub.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * Several relays over one outbox (the service's own scheduled relay plus two more, as if three instances ran): each
 * event reaches the real topic once, and each key's events arrive in the order they were committed.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class CompetingRelaysTest {

    private static final int EVENTS = 600;
    private static final int KEYS = 7;

    @Inject
    EntityManager entityManager;

    @Inject
    OutboxConfig config;

    @Inject
    TopicProvisioner topics;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Test
    void competingRelaysPublishEachEventOnceAndInCommitOrderPerKey() throws Exception {
        String topic = "amhub.test.competing-relays." + UUID.randomUUID();
        OutboxRelay first = new OutboxRelay(entityManager, config, topics, new SimpleMeterRegistry(), kafka,
                io.opentelemetry.api.OpenTelemetry.noop());
        OutboxRelay second = new OutboxRelay(entityManager, config, topics, new SimpleMeterRegistry(), kafka,
                io.opentelemetry.api.OpenTelemetry.noop());
        Map<String, List<Integer>> committed = new LinkedHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (TopicReader reader = new TopicReader(topic)) {
            List<Future<?>> relays = new ArrayList<>();
            for (OutboxRelay relay : List.of(first, second)) {
                relays.add(threads.submit(() -> {
                    while (writing.get() || pendingOn(topic) > 0) {
                        relay.tick();
                    }
                    return null;
                }));
            }
            // Written while the relays run, in small transactions, so batches and commits interleave.
            for (int seq = 0; seq < EVENTS; seq++) {
                String key = "hub-" + (seq % KEYS);
                int value = seq;
                QuarkusTransaction.requiringNew().run(() -> outbox.append(topic, key, UUID.randomUUID(), Map.of("seq", value)));
                committed.computeIfAbsent(key, k -> new ArrayList<>()).add(seq);
            }
            writing.set(false);
            for (Future<?> relay : relays) {
                relay.get(120, TimeUnit.SECONDS);
            }

            List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(60))
                    .until(reader::records, list -> list.size() >= EVENTS);
            Set<Integer> seen = new HashSet<>();
            Map<String, List<Integer>> received = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> record : records) {
                JsonNode value = mapper.readTree(record.value());
                int seq = value.get("seq").asInt();
                assertThat(seen.add(seq)).as("event %d published once", seq).isTrue();
                received.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(seq);
            }
            assertThat(seen).hasSize(EVENTS);
            for (Map.Entry<String, List<Integer>> key : committed.entrySet()) {
                assertThat(received.get(key.getKey())).as("order of %s", key.getKey()).containsExactlyElementsOf(key.getValue());
            }
        } finally {
            threads.shutdownNow();
            first.close();
            second.close();
        }
    }

    @Test
    void backlogGaugesAndRelayHealthAreExposed() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("amhub_outbox_pending"))
                .body(containsString("amhub_outbox_oldest_pending_age_seconds")));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("outbox relay"));
    }

    private long pendingOn(String topic) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM outbox_message WHERE published_at IS NULL AND topic = :topic")
                .setParameter("topic", topic).getSingleResult()).longValue());
    }
}
