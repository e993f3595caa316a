package org.amhub.matchmaker.service;

import org.amhub.testsupport.auth.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.hub.TopicClaim;
import org.amhub.events.match.MatchChange;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.match.MatchTopics;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** End to end over real Kafka and PostgreSQL: profile events in, stored suggestions and suggestion events out. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class MatchmakerFlowTest {

    @Inject
    ObjectMapper mapper;

    static UUID id(String slug) {
        return UUID.nameUUIDFromBytes(slug.getBytes(StandardCharsets.UTF_8));
    }

    static HubProfile profile(String slug, long version, List<TopicClaim> capabilities, List<TopicClaim> needs, String evidence) {
        return profile(slug, version, capabilities, needs, evidence, "Shipbuilding");
    }

    static HubProfile profile(String slug, long version, List<TopicClaim> capabilities, List<TopicClaim> needs, String evidence,
                              String industry) {
        return new HubProfile(id(slug), slug, "Hub " + slug, "Country " + slug, "Region " + slug, List.of("Host"), null,
                null, List.of(industry), null, null, HubStatus.ACTIVE, List.of(new TopicClaim("ai", "AI for yards", evidence)),
                capabilities, needs, List.of(), version, Instant.EPOCH, Instant.now());
    }

    void send(HubProfile profile) throws Exception {
        HubProfileChanged event = HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile);
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(), mapper.writeValueAsString(event));
    }

    List<MatchSuggested> events(TopicReader reader, String matchId) {
        return events(mapper, reader, matchId);
    }

    /** The suggestion events the reader has seen for a pair, oldest first. */
    static List<MatchSuggested> events(ObjectMapper mapper, TopicReader reader, String matchId) {
        return reader.recordsWithKey(matchId).stream().map(ConsumerRecord::value).map(v -> {
            try {
                return mapper.readValue(v, MatchSuggested.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void publicReadsCarryValidatorsAndAnswer304UntilTheyChange() throws Exception {
        String seeker = "etag-s-" + UUID.randomUUID().toString().substring(0, 6), offerer = "etag-o-" + UUID.randomUUID().toString().substring(0, 6);
        String matchId = MatchService.matchId(id(seeker), id(offerer));
        send(profile(seeker, 1, List.of(), List.of(new TopicClaim("hydrogen", "hydrogen ferries", null)), null));
        send(profile(offerer, 1, List.of(new TopicClaim("hydrogen-mobility", "fuel cell test centre for hydrogen ferries", null)), List.of(), null));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().queryParam("hub", seeker).get("/api/matches").then().statusCode(200).body("matchId", hasItem(matchId)));

        for (String read : List.of("/api/matches?hub=" + seeker, "/api/matches/" + matchId, "/api/consortia")) {
            // Other tests' hubs share this network: an answer may change between two reads (the consortia are found
            // again on a timer), so the three reads are retried until they saw one unchanged answer.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                io.restassured.response.Response first = given().get(read);
                first.then().statusCode(200).header("Cache-Control", "no-cache").header("ETag", org.hamcrest.Matchers.startsWith("\""));
                String tag = first.header("ETag");
                given().header("If-None-Match", tag).get(read).then().statusCode(304).header("ETag", equalTo(tag))
                        .header("Cache-Control", "no-cache");
                given().header("If-None-Match", "\"stale\"").get(read).then().statusCode(200).header("ETag", equalTo(tag));
            });
        }
        given().get("/api/matches/no-such-match").then().statusCode(404).header("ETag", org.hamcrest.Matchers.nullValue());

        // The seeker's needs change: its list's tag no longer matches, the new answer comes with a new tag
        String list = "/api/matches?hub=" + seeker;
        String before = given().get(list).header("ETag");
        send(profile(seeker, 2, List.of(), List.of(new TopicClaim("hydrogen", "hydrogen ferries and fuel cell trucks", null),
                new TopicClaim("robotics", "robot welding", null)), null));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().header("If-None-Match", before).get(list).then().statusCode(200)
                        .header("ETag", org.hamcrest.Matchers.not(equalTo(before))));
    }

    @Test
    void profileEventsBecomeSuggestionsWithoutDuplicatesOrNoise() throws Exception {
        String alpha = "epsilon-" + UUID.randomUUID().toString().substring(0, 6), beta = "beta-" + UUID.randomUUID().toString().substring(0, 6);
        String matchId = MatchService.matchId(id(alpha), id(beta));
        List<TopicClaim> seeksHydrogen = List.of(new TopicClaim("hydrogen", "hydrogen ferries", null));
        List<TopicClaim> offersHydrogen = List.of(new TopicClaim("hydrogen-mobility", "fuel cell test centre for hydrogen ferries", null));
        try (TopicReader reader = new TopicReader(MatchTopics.MATCH_SUGGESTIONS)) {
            HubProfile alphaV1 = profile(alpha, 1, List.of(), seeksHydrogen, "quote one");
            send(alphaV1);
            send(profile(beta, 1, offersHydrogen, List.of(), null));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().queryParam("hub", alpha).get("/api/matches").then().statusCode(200)
                            .body("matchId", hasItem(matchId)));
            given().get("/api/matches/" + matchId).then().statusCode(200)
                    .body("reasons[0]", org.hamcrest.Matchers.containsString("Hub " + alpha + " seeks"))
                    .body("explanations[0].claims.text", org.hamcrest.Matchers.contains("hydrogen ferries", "fuel cell test centre for hydrogen ferries"))
                    .body("explanations[0].kind", equalTo("complementarity"))
                    .body("factors.factor", hasItem("complementarity"));
            await().atMost(Duration.ofSeconds(30)).until(() -> events(reader, matchId).size() == 1);
            assertThat(events(reader, matchId).get(0).change()).isEqualTo(MatchChange.APPEARED);

            // Redelivery of the same snapshot, then an evidence-only edit (no score change): neither is news.
            send(alphaV1);
            send(profile(alpha, 2, List.of(), seeksHydrogen, "quote two"));
            // A material change on the same key (same partition, so processed after the two above).
            // (alpha now seeks exactly what beta offers: claim meaning and text similarity both rise)
            send(profile(alpha, 3, List.of(), List.of(new TopicClaim("hydrogen", "a fuel cell test centre for hydrogen ferries", null)),
                    "quote two"));
            await().atMost(Duration.ofSeconds(30)).until(() -> events(reader, matchId).size() >= 2);
            List<MatchChange> changes = events(reader, matchId).stream().map(MatchSuggested::change).toList();
            assertThat(changes).containsExactly(MatchChange.APPEARED, MatchChange.CHANGED);
            assertThat(events(reader, matchId).get(1).suggestionVersion()).isEqualTo(2);

            // A tombstone withdraws the pair.
            TopicReader.send(HubTopics.HUB_PROFILES, id(beta).toString(), null);
            await().atMost(Duration.ofSeconds(30)).until(() -> events(reader, matchId).size() == 3);
            assertThat(events(reader, matchId).get(2).change()).isEqualTo(MatchChange.WITHDRAWN);
            given().queryParam("hub", alpha).get("/api/matches").then().body("matchId", not(hasItem(matchId)));
        }
    }

    @Test
    void hubsJoiningElsewhereDoNotReannounceAPair() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String seeker = "stable-seeker-" + tag, offerer = "stable-offerer-" + tag;
        String matchId = MatchService.matchId(id(seeker), id(offerer));
        try (TopicReader reader = new TopicReader(MatchTopics.MATCH_SUGGESTIONS)) {
            send(profile(seeker, 1, List.of(), List.of(new TopicClaim("semiconductors", "a pilot line for power chips", null)), null));
            send(profile(offerer, 1, List.of(new TopicClaim("semiconductors", "a pilot line for power chips and wafers", null)),
                    List.of(), null));
            await().atMost(Duration.ofSeconds(60)).until(() -> events(reader, matchId).size() == 1);
            // Unrelated hubs join and shift ranks and rarities; the pair's own evidence is unchanged.
            for (int i = 0; i < 8; i++) {
                send(profile("joiner-" + i + "-" + tag, 1, List.of(new TopicClaim("textiles", "looms number " + i, null)),
                        List.of(new TopicClaim("robotics", "welding robots " + i, null)), null, "Textiles"));
            }
            String last = "joiner-7-" + tag;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/matches?hub=" + last).then().statusCode(200));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> events(reader, matchId).size() == 1);
            assertThat(events(reader, matchId).get(0).change()).isEqualTo(MatchChange.APPEARED);
        }
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicAndTheConsumerKeepsGoing() throws Exception {
        String gamma = "gamma-" + UUID.randomUUID().toString().substring(0, 6);
        try (TopicReader deadLetters = new TopicReader(HubTopics.HUB_PROFILES + ".dlq")) {
            TopicReader.send(HubTopics.HUB_PROFILES, id(gamma).toString(), "{not json");
            send(profile(gamma, 1, List.of(new TopicClaim("5g", "test bed", null)), List.of(), null));
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.records().stream().anyMatch(r -> "{not json".equals(r.value())));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().queryParam("hub", gamma).get("/api/matches").then().statusCode(200));
        }
    }

    @Test
    void feedbackNeedsTheHubsCoordinatorAndDeclineWithdrawsThePair() throws Exception {
        String delta = "delta-" + UUID.randomUUID().toString().substring(0, 6);
        send(profile("alpha", 10, List.of(), List.of(new TopicClaim("robotics", "robot cells", null)), null));
        send(profile(delta, 1, List.of(new TopicClaim("robotics", "robotics centre", null)), List.of(), null));
        String matchId = MatchService.matchId(id("alpha"), id(delta));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/matches/" + matchId).then().statusCode(200)
                .body("status", equalTo("ACTIVE")));

        Map<String, String> decline = Map.of("hub", "alpha", "action", "DECLINE");
        given().contentType(ContentType.JSON).body(decline).post("/api/matches/" + matchId + "/feedback").then().statusCode(401);
        given().auth().oauth2(Tokens.coordinator("alpha")).contentType(ContentType.JSON)
                .body(Map.of("hub", delta, "action", "DECLINE")).post("/api/matches/" + matchId + "/feedback").then().statusCode(403);
        given().auth().oauth2(Tokens.coordinator("alpha")).contentType(ContentType.JSON)
                .body(Map.of("hub", "alpha", "action", "MAYBE")).post("/api/matches/" + matchId + "/feedback").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.coordinator("alpha")).contentType(ContentType.JSON)
                .body(decline).post("/api/matches/" + matchId + "/feedback").then().statusCode(200);
        given().get("/api/matches/" + matchId).then().body("status", equalTo("WITHDRAWN"));
        given().queryParam("hub", "alpha").get("/api/matches").then().body("matchId", not(hasItem(matchId)));
        // the feedback's audit row: who, on which hub and match, what; the refused attempts left none
        given().auth().oauth2(Tokens.coordinator("alpha")).queryParam("hub", "alpha").get("/api/audit").then().statusCode(200)
                .body("items.findAll { it.resourceId == '" + matchId + "' }.size()", equalTo(1))
                .body("items.find { it.resourceId == '" + matchId + "' }.actor", equalTo("alpha-coordinator"))
                .body("items.find { it.resourceId == '" + matchId + "' }.action", equalTo("match.feedback"))
                .body("items.find { it.resourceId == '" + matchId + "' }.changes.action", equalTo("DECLINE"))
                .body("items.find { it.resourceId == '" + matchId + "' }.changes.partner", equalTo(delta));
        given().auth().oauth2(Tokens.coordinator(delta)).queryParam("hub", "alpha").get("/api/audit").then().statusCode(403);
    }

    @Test
    void hubsOfOneFundingBlocFormAConsortiumWithItsReasons() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        List<String> members = List.of("bloc-es-" + suffix, "bloc-it-" + suffix, "bloc-dk-" + suffix);
        List<String> countries = List.of("Spain", "Italy", "Denmark");
        for (int i = 0; i < members.size(); i++) {
            HubProfile base = profile(members.get(i), 1, List.of(), List.of(), null);
            send(new HubProfile(base.id(), base.slug(), base.name(), countries.get(i), "Europe", base.hostEntities(), null, null,
                    base.topIndustries(), null, null, HubStatus.ACTIVE, base.priorities(), List.of(), List.of(), List.of(), 1,
                    Instant.EPOCH, Instant.now()));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().queryParam("hub", members.get(0)).get("/api/consortia")
                .then().statusCode(200)
                .body("find { it.kind == 'funding-bloc' }.members.slug", org.hamcrest.Matchers.containsInAnyOrder(members.toArray()))
                .body("find { it.kind == 'funding-bloc' }.reasons[0]", org.hamcrest.Matchers.containsString("European Union")));
        given().queryParam("hub", "no-such-hub").get("/api/consortia").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badQueriesAreProblems() {
        given().queryParam("hub", "no-such-hub").get("/api/matches").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("limit", 0).get("/api/matches").then().statusCode(400).body("field", equalTo("limit"));
        // Values JAX-RS could not convert would otherwise be a bare 404.
        given().queryParam("limit", "ten").get("/api/matches").then().statusCode(400).body("field", equalTo("limit"));
        given().queryParam("limit", "99999999999").get("/api/matches").then().statusCode(400).body("field", equalTo("limit"));
        given().queryParam("minScore", "NaN").get("/api/matches").then().statusCode(400).body("field", equalTo("minScore"));
        given().queryParam("minScore", "high").get("/api/matches").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("minScore"));
        // A truncated body is a 400 that says so.
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"hub\":")
                .post("/api/matches/unknown/feedback").then().statusCode(400).body("detail", equalTo("The request body is not valid JSON"));
        given().get("/api/matches/unknown").then().statusCode(404);
        given().get("/api/model").then().statusCode(200).body("complementarityWeight", equalTo(0.2f));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
