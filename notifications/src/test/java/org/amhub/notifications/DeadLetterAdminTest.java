package org.amhub.notifications;

import org.amhub.testsupport.auth.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.amhub.events.match.MatchChange;
import org.amhub.events.match.MatchParty;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.match.MatchTopics;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.amhub.notifications.Fixtures.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** Dead letters are listed with their failure reason and replayed, by an admin, through the consumer's own handler. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(SmtpServerResource.class)
class DeadLetterAdminTest {

    static final String DLQ = MatchTopics.MATCH_SUGGESTIONS + ".notifications-dlq";

    @Inject
    ObjectMapper mapper;

    @Test
    void aPoisonRecordIsListedWithItsReasonAndAReplayedLetterIsAppliedOnceAndNoLongerPending() throws Exception {
        Fixtures fixtures = new Fixtures(mapper);
        String hub = Fixtures.unique("letters");
        fixtures.hub(hub, null);

        // A record the consumer cannot read: dead-lettered by the consumer itself, with SmallRye's reason headers.
        String poisonKey = "poison-" + UUID.randomUUID();
        TopicReader.send(MatchTopics.MATCH_SUGGESTIONS, poisonKey, "{\"matchId\": ");
        // A valid suggestion sitting in the dead-letter topic (as one dead-lettered by an older release would be).
        String partner = Fixtures.unique("partner");
        String matchId = UUID.randomUUID().toString();
        MatchSuggested event = new MatchSuggested(UUID.randomUUID(), MatchSuggested.SCHEMA_VERSION, Instant.now(), matchId, 1,
                MatchChange.APPEARED, new MatchParty(Fixtures.id(hub), hub, "Hub " + hub, 1),
                new MatchParty(Fixtures.id(partner), partner, "Hub " + partner, 0), 0.7, List.of(), List.of("additive-manufacturing"), List.of("why"));
        TopicReader.send(DLQ, matchId, mapper.writeValueAsString(event));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> admin().queryParam("status", "PENDING").get("/api/admin/dead-letters")
                .then().statusCode(200).body("key", hasItem(poisonKey)).body("key", hasItem(matchId)));
        Map<String, Object> poison = admin().get("/api/admin/dead-letters").then().extract().jsonPath()
                .getMap("find { it.key == '" + poisonKey + "' }");
        assertThat(poison.get("reason")).asString().isNotBlank();
        assertThat(poison.get("sourceTopic")).isEqualTo(MatchTopics.MATCH_SUGGESTIONS);
        assertThat(poison.get("payloadPreview")).isEqualTo("{\"matchId\": ");
        String poisonId = (String) poison.get("id");
        String validId = admin().get("/api/admin/dead-letters").then().extract().jsonPath().getString("find { it.key == '" + matchId + "' }.id");
        double pendingBefore = Fixtures.metric("amhub_dead_letters_pending", DLQ);
        assertThat(pendingBefore).isGreaterThanOrEqualTo(2);

        // Not for everyone; a bad id is a 400; a letter that still fails stays pending (422).
        given().post("/api/admin/dead-letters/" + validId + "/replay").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.coordinator("north")).get("/api/admin/dead-letters").then().statusCode(403);
        admin().post("/api/admin/dead-letters/nonsense/replay").then().statusCode(400).contentType("application/problem+json");
        admin().post("/api/admin/dead-letters/" + DLQ + ":0:999999/replay").then().statusCode(404).contentType("application/problem+json");
        admin().post("/api/admin/dead-letters/" + poisonId + "/replay").then().statusCode(422).contentType("application/problem+json");

        admin().post("/api/admin/dead-letters/" + validId + "/replay").then().statusCode(200)
                .body("status", equalTo("REPLAYED")).body("replayedBy", equalTo("admin")).body("replayedAt", notNullValue());
        Fixtures.admin().get("/api/hubs/" + hub + "/notifications").then().body("partnerSlug", hasItem(partner));
        admin().post("/api/admin/dead-letters/" + validId + "/replay").then().statusCode(409);
        // the replay is audited (service-wide: no hub), once; the refused and failed attempts left no row
        admin().get("/api/audit").then().statusCode(200)
                .body("items.findAll { it.resourceId == '" + validId + "' }.size()", equalTo(1))
                .body("items.find { it.resourceId == '" + validId + "' }.action", equalTo("dead-letter.replay"))
                .body("items.find { it.resourceId == '" + validId + "' }.actor", equalTo("admin"))
                .body("items.findAll { it.resourceId == '" + poisonId + "' }.size()", equalTo(0));
        admin().queryParam("status", "PENDING").get("/api/admin/dead-letters").then().body("key", org.hamcrest.Matchers.not(hasItem(matchId)));
        assertThat(Fixtures.metric("amhub_dead_letters_pending", DLQ)).isEqualTo(pendingBefore - 1);

        // Replaying all: the poison fails again and stays pending; nothing is applied twice.
        admin().post("/api/admin/dead-letters/replay").then().statusCode(200)
                .body("results.find { it.id == '" + poisonId + "' }.replayed", equalTo(false));
        Fixtures.admin().get("/api/hubs/" + hub + "/notifications").then().body("findAll { it.partnerSlug == '" + partner + "' }.size()", equalTo(1));
        given().get("/q/health/ready").then().body("checks.find { it.name == 'dead-letters' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'dead-letters' }.data.pending", notNullValue());
    }
}
