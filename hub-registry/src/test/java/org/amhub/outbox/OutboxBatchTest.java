package org.amhub.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox writes a transaction's rows in batches on the transaction's own connection: they exist exactly when it
 * committed, in the order they were appended, however many there are (more than one batch is written before commit).
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class OutboxBatchTest {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Test
    void aTransactionsRowsArePublishedInTheOrderTheyWereAppendedAcrossSeveralBatches() {
        String topic = "amhub.test.outbox-batch." + UUID.randomUUID();
        int events = PendingRows.BATCH * 2 + 17;
        try (TopicReader reader = new TopicReader(topic)) {
            QuarkusTransaction.requiringNew().run(() -> IntStream.range(0, events)
                    .forEach(i -> outbox.append(topic, "key", UUID.randomUUID(), Map.of("seq", i))));

            assertThat(sequencesById(topic)).containsExactlyElementsOf(IntStream.range(0, events).boxed().toList());
            List<Integer> received = await().atMost(Duration.ofSeconds(60))
                    .until(() -> reader.recordsWithKey("key").stream().map(r -> seq(r.value())).toList(),
                            list -> list.size() >= events);
            assertThat(received).containsExactlyElementsOf(IntStream.range(0, events).boxed().toList());
        }
    }

    @Test
    void aRolledBackTransactionLeavesNoRowsEvenFromABatchWrittenBeforeCommit() {
        String topic = "amhub.test.outbox-batch." + UUID.randomUUID();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            IntStream.range(0, PendingRows.BATCH + 3).forEach(i -> outbox.append(topic, "key", UUID.randomUUID(), Map.of("seq", i)));
            throw new IllegalStateException("the change failed after its events were appended");
        })).hasMessageContaining("the change failed");

        assertThat(sequencesById(topic)).isEmpty();
    }

    @Test
    void aBatchThatFailsAtCommitRollsBackTheWholeTransaction() {
        String topic = "amhub.test.outbox-batch." + UUID.randomUUID();
        UUID duplicate = UUID.randomUUID();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            // the transaction's own write, made at once, and two events whose batch breaks the unique event id at commit
            entityManager.createNativeQuery("INSERT INTO outbox_message (event_id, topic, message_key, payload, created_at) "
                    + "VALUES (:id, :topic, 'direct', '{\"seq\":-1}', now())")
                    .setParameter("id", UUID.randomUUID()).setParameter("topic", topic).executeUpdate();
            outbox.append(topic, "key", duplicate, Map.of("seq", 0));
            outbox.append(topic, "key", duplicate, Map.of("seq", 1));
        }));

        assertThat(sequencesById(topic)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<Integer> sequencesById(String topic) {
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT payload FROM outbox_message WHERE topic = :topic ORDER BY id")
                .setParameter("topic", topic).getResultList());
        return payloads.stream().map(OutboxBatchTest::seq).toList();
    }

    private static int seq(String json) {
        return Integer.parseInt(json.replaceAll(".*\"seq\":(-?\\d+).*", "$1"));
    }
}
