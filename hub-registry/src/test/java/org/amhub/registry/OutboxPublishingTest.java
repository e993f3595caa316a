package org.amhub.registry;

import org.amhub.testsupport.auth.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TestInfrastructure;
import org.amhub.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.amhub.registry.HubRequests.validHub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class OutboxPublishingTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void everyCommittedChangeReachesTheCompactedTopicAndDeleteIsATombstone() throws Exception {
        try (TopicReader reader = new TopicReader(HubTopics.HUB_PROFILES)) {
            Map<String, Object> hub = validHub();
            Response created = HubResourceTest.create(hub);
            String id = created.path("id");
            hub.put("name", "Updated Name");
            String etag = given().auth().oauth2(Tokens.admin())
                    .contentType("application/json").header("If-Match", created.header("ETag")).body(hub)
                    .put("/api/hubs/" + id).then().statusCode(200).extract().header("ETag");
            given().auth().oauth2(Tokens.admin())
                    .header("If-Match", etag).delete("/api/hubs/" + id).then().statusCode(204);

            List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.recordsWithKey(id), list -> list.size() == 3);
            HubProfileChanged first = mapper.readValue(records.get(0).value(), HubProfileChanged.class);
            HubProfileChanged second = mapper.readValue(records.get(1).value(), HubProfileChanged.class);
            assertThat(first.schemaVersion()).isEqualTo(1);
            assertThat(first.profile().slug()).isEqualTo(hub.get("slug"));
            assertThat(first.profile().needs().get(0).topic()).isEqualTo("additive-manufacturing");
            assertThat(second.profile().name()).isEqualTo("Updated Name");
            assertThat(second.profile().version()).isGreaterThan(first.profile().version());
            assertThat(second.eventId()).isNotEqualTo(first.eventId());
            assertThat(records.get(2).value()).isNull();
        }
    }

    @Test
    void aRejectedChangePublishesNothing() {
        try (TopicReader reader = new TopicReader(HubTopics.HUB_PROFILES)) {
            Map<String, Object> hub = validHub();
            hub.put("needs", List.of(HubRequests.claim("unobtainium", "x")));
            HubResourceTest.create(hub).then().statusCode(422);
            Map<String, Object> marker = validHub();
            String markerId = HubResourceTest.create(marker).path("id");
            // Events arrive in commit order: once the later change is visible, the rejected one would have been too.
            await().atMost(Duration.ofSeconds(30)).until(() -> !reader.recordsWithKey(markerId).isEmpty());
            assertThat(reader.records()).noneMatch(r -> r.value() != null && r.value().contains((String) hub.get("slug")));
        }
    }

    @Test
    void changesCommittedWhileKafkaIsDownArriveAfterItReturns() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        String id;
        infrastructure.stopKafka();
        try {
            Map<String, Object> hub = validHub();
            Response created = HubResourceTest.create(hub);
            created.then().statusCode(201); // the write commits without the broker
            id = created.path("id");
            given().get("/api/hubs/" + id).then().statusCode(200);
        } finally {
            infrastructure.startKafka();
        }
        try (TopicReader reader = new TopicReader(HubTopics.HUB_PROFILES)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.recordsWithKey(id).size() == 1);
        }
    }

    @Test
    void theProfileTopicIsCompacted() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().kafkaBootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, HubTopics.HUB_PROFILES);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get().contains(HubTopics.HUB_PROFILES));
            String policy = admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic)
                    .get("cleanup.policy").value();
            assertThat(policy).isEqualTo("compact");
        }
    }
}
