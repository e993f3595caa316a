package org.amhub.matchmaker.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.hub.TopicClaim;
import org.amhub.events.match.MatchChange;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.match.MatchTopics;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.amhub.testsupport.auth.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.amhub.matchmaker.service.MatchmakerFlowTest.id;
import static org.amhub.matchmaker.service.MatchmakerFlowTest.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Above the exact threshold (lowered here so every network counts as large) the service reconciles only what a change
 * can have moved: pairs of two unchanged hubs get their new ranks without being scored and explained again. The
 * stored lists must still be exactly the engine's, and each pair announced once when a hub first lists it.
 */
@QuarkusTest
@TestProfile(IndexedReconciliationTest.Indexed.class)
@WithTestResource(RealInfrastructureResource.class)
class IndexedReconciliationTest {

    public static class Indexed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("amhub.matchmaker.full-scan-threshold", "1");
        }
    }

    @Inject
    ObjectMapper mapper;

    void send(HubProfile profile) throws Exception {
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(),
                mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile)));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    static TopicClaim claim(String topic, String text) {
        return new TopicClaim(topic, text, "q");
    }

    /** Every hub's stored list (ranks in PostgreSQL) is the live engine's, whatever a recompute would say. */
    static void awaitStoredEqualsLive() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath check = given().auth().oauth2(Tokens.admin()).get("/api/admin/consistency").then().statusCode(200)
                    .extract().jsonPath();
            List<Map<String, Object>> differences = check.getList("differences");
            for (Map<String, Object> difference : differences) {
                assertThat(difference.get("stored")).as("stored list of %s", difference.get("slug"))
                        .isEqualTo(difference.get("live"));
            }
        });
    }

    List<MatchSuggested> events(TopicReader reader, String matchId) {
        return MatchmakerFlowTest.events(mapper, reader, matchId);
    }

    @Test
    void ranksMoveInTheStoreAsNewHubsPushPartnersDownAndEachPairIsAnnouncedOnce() throws Exception {
        String seeker = unique("indexed-seeker");
        List<String> offerers = new ArrayList<>();
        try (TopicReader suggestions = new TopicReader(MatchTopics.MATCH_SUGGESTIONS)) {
            send(profile(seeker, 1, List.of(), List.of(claim("blockchain-cybersecurity", "secure OT networks pilot"),
                    claim("metrology-zero-defect", "inline gauging")), "q"));
            // Each new offerer covers more of the seeker's needs than the last, so it enters the seeker's list above
            // the earlier ones: their pairs only move down, which the store must follow without a new announcement
            for (int i = 0; i < 4; i++) {
                String offerer = unique("indexed-offerer" + i);
                offerers.add(offerer);
                List<TopicClaim> offers = i < 2 ? List.of(claim("blockchain-cybersecurity", "secure OT networks lab " + i))
                        : List.of(claim("blockchain-cybersecurity", "secure OT networks pilot " + i), claim("metrology-zero-defect", "inline gauging " + i));
                send(profile(offerer, 1, offers, List.of(), "q"));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/matches?hub=" + seeker + "&limit=50")
                        .then().statusCode(200).extract().jsonPath().getList("matchId").contains(MatchService.matchId(id(seeker), id(offerer))));
                awaitStoredEqualsLive();
            }
            // A changed hub is reconciled in full: its pairs are explained again from the new profile
            send(profile(offerers.get(0), 2, List.of(claim("blockchain-cybersecurity", "secure OT networks pilot line"),
                    claim("metrology-zero-defect", "inline gauging cell")), List.of(), "q"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    given().get("/api/matches/" + MatchService.matchId(id(seeker), id(offerers.get(0)))).then().statusCode(200)
                            .extract().jsonPath().getList("topics")).contains("metrology-zero-defect"));
            awaitStoredEqualsLive();

            for (String offerer : offerers) {
                String matchId = MatchService.matchId(id(seeker), id(offerer));
                List<MatchSuggested> told = await().atMost(Duration.ofSeconds(30))
                        .until(() -> events(suggestions, matchId), list -> !list.isEmpty());
                assertThat(told.get(0).change()).isEqualTo(MatchChange.APPEARED);
                assertThat(told).filteredOn(e -> e.change() == MatchChange.APPEARED).hasSize(1);
            }
        }
    }
}
