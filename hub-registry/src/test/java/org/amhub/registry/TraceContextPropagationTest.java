package org.amhub.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.amhub.events.hub.HubTopics;
import org.amhub.outbox.TraceContext;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.amhub.testsupport.auth.Tokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.amhub.registry.HubRequests.validHub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One trace follows a change: the caller's traceparent is stored with the outbox row and sent as a Kafka header. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class TraceContextPropagationTest {

    /** A caller's trace (W3C: version 00, trace id, parent span id, sampled). */
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @Inject
    EntityManager entityManager;

    @Test
    void aTracedWriteStoresItsTraceparentAndTheRelayedRecordCarriesItAsAHeader() {
        try (TopicReader reader = new TopicReader(HubTopics.HUB_PROFILES)) {
            Map<String, Object> hub = validHub();
            String id = given().auth().oauth2(Tokens.admin()).header("traceparent", CALLER)
                    .contentType("application/json").body(hub)
                    .post("/api/hubs").then().statusCode(201).extract().path("id");

            String stored = QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                            "SELECT traceparent FROM outbox_message WHERE message_key = :key")
                    .setParameter("key", id).getSingleResult());
            // the server's span, a child of the caller's: same trace, another span id
            assertThat(stored).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01").isNotEqualTo(CALLER);

            List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.recordsWithKey(id), list -> !list.isEmpty());
            String header = TraceContext.header(records.get(0).headers());
            // the relay's publish span, a child of the stored one: still the caller's trace
            assertThat(header).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01").isNotEqualTo(stored);
        }
    }

    @Test
    void aWriteOutsideAnyTraceStartsOne() {
        String id = HubResourceTest.create(validHub()).then().statusCode(201).extract().path("id");
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                        "SELECT traceparent FROM outbox_message WHERE message_key = :key")
                .setParameter("key", id).getSingleResult());
        // the REST call is a trace of its own, so even an untraced caller's change can be followed
        assertThat(stored).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }
}
