package org.amhub.matchmaker.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.hub.TopicClaim;
import org.amhub.matchmaker.service.MatchService;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.amhub.testsupport.auth.AuthorizationMatrix;
import org.amhub.testsupport.auth.AuthorizationMatrix.Caller;
import org.amhub.testsupport.auth.AuthorizationMatrix.Rule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Every matchmaker endpoint called by every kind of caller (docs/security.md): anonymous, admin, the coordinator of a
 * hub in the match, another hub's coordinator, a user without roles, and admin tokens that are forged, expired, from
 * another issuer or for another audience.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class AuthorizationMatrixTest {

    static final String OTHER_HUB = "ulsan";
    static final String OTHER_API = "hub-registry";

    /** Two hubs with a match between them; {@code seeker} is the hub the cases are about. */
    record Fixture(String seeker, String offerer, String matchId, String partnershipId) {
    }

    record Endpoint(Rule rule, int success, BiFunction<RequestSpecification, Fixture, Response> call) {
    }

    static final Map<String, Endpoint> ENDPOINTS = new LinkedHashMap<>();

    static {
        ENDPOINTS.put("GET /api/matches", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.queryParam("hub", f.seeker()).get("/api/matches")));
        ENDPOINTS.put("GET /api/matches/{matchId}", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.get("/api/matches/" + f.matchId())));
        ENDPOINTS.put("POST /api/matches/{matchId}/feedback", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.contentType(ContentType.JSON).body(Map.of("hub", f.seeker(), "action", "ACCEPT"))
                        .post("/api/matches/" + f.matchId() + "/feedback")));
        ENDPOINTS.put("GET /api/consortia", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.queryParam("hub", f.seeker()).get("/api/consortia")));
        ENDPOINTS.put("GET /api/model", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.get("/api/model")));
        ENDPOINTS.put("GET / (moved to the console)", new Endpoint(Rule.PUBLIC, 301, (r, f) -> r.redirects().follow(false).get("/")));
        ENDPOINTS.put("GET /api/admin/consistency", new Endpoint(Rule.ADMIN, 200, (r, f) -> r.get("/api/admin/consistency")));
        ENDPOINTS.put("GET /api/admin/dead-letters", new Endpoint(Rule.ADMIN, 200, (r, f) -> r.get("/api/admin/dead-letters")));
        // An admin gets past the check to find no such letter: 404 is the admin's answer here.
        ENDPOINTS.put("POST /api/admin/dead-letters/{id}/replay", new Endpoint(Rule.ADMIN, 404,
                (r, f) -> r.post("/api/admin/dead-letters/amhub.nothing.dlq:0:0/replay")));
        // Replaying a topic that has no dead letters: past the check, an admin learns there is no such topic.
        ENDPOINTS.put("POST /api/admin/dead-letters/replay", new Endpoint(Rule.ADMIN, 404,
                (r, f) -> r.queryParam("topic", "amhub.nothing.dlq").post("/api/admin/dead-letters/replay")));
        ENDPOINTS.put("GET /api/audit?hub={hub}", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.queryParam("hub", f.seeker()).get("/api/audit")));
        ENDPOINTS.put("GET /api/partnerships?hub={hub}", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.queryParam("hub", f.seeker()).get("/api/partnerships")));
        ENDPOINTS.put("GET /api/partnerships/stats", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.get("/api/partnerships/stats")));
        ENDPOINTS.put("GET /api/partnerships/{id}", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.get("/api/partnerships/" + f.partnershipId())));
        // Each caller let in moves the partnership one stage on (INTRODUCED has four forward moves left).
        ENDPOINTS.put("POST /api/partnerships/{id}/stage", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.contentType(ContentType.JSON).body(Map.of("stage", nextStage(f.partnershipId())))
                        .post("/api/partnerships/" + f.partnershipId() + "/stage")));
        ENDPOINTS.put("POST /api/partnerships/{id}/notes", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.contentType(ContentType.JSON).body(Map.of("note", "matrix note"))
                        .post("/api/partnerships/" + f.partnershipId() + "/notes")));
        ENDPOINTS.put("GET /q/health/ready", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.get("/q/health/ready")));
    }

    private static volatile Fixture fixture;

    private static String nextStage(String partnershipId) {
        String stage = given().auth().oauth2(org.amhub.testsupport.auth.Tokens.admin()).get("/api/partnerships/" + partnershipId)
                .then().statusCode(200).extract().path("stage");
        return org.amhub.events.partnership.PartnershipStage.values()[
                org.amhub.events.partnership.PartnershipStage.valueOf(stage).ordinal() + 1].name();
    }

    @Inject
    ObjectMapper mapper;

    static Stream<Arguments> matrix() {
        return ENDPOINTS.keySet().stream().flatMap(endpoint -> AuthorizationMatrix.callers().map(caller -> Arguments.of(endpoint, caller)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void statusFollowsTheMatrix(String name, Caller caller) throws Exception {
        Fixture f = fixture();
        Endpoint endpoint = ENDPOINTS.get(name);
        RequestSpecification request = given();
        caller.token(f.seeker(), OTHER_HUB, OTHER_API).ifPresent(token -> request.auth().oauth2(token));

        Response response = endpoint.call().apply(request, f);

        response.then().statusCode(AuthorizationMatrix.expected(endpoint.rule(), caller, endpoint.success()));
    }

    private synchronized Fixture fixture() throws Exception {
        if (fixture == null) {
            String suffix = UUID.randomUUID().toString().substring(0, 6);
            String seeker = "matrix-seeker-" + suffix, offerer = "matrix-offerer-" + suffix;
            send(MatchmakerFuzzTest.profile(seeker, List.of(), List.of(new TopicClaim("hydrogen-mobility", "hydrogen ferries", null))));
            send(MatchmakerFuzzTest.profile(offerer, List.of(new TopicClaim("hydrogen-mobility", "fuel cell test centre", null)), List.of()));
            String matchId = MatchService.matchId(MatchmakerFuzzTest.id(seeker), MatchmakerFuzzTest.id(offerer));
            // The stored suggestion is what feedback needs (other tests' hubs may crowd the seeker's short list)
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/matches/" + matchId).then().statusCode(200));
            for (String hub : List.of(seeker, offerer)) {
                given().auth().oauth2(org.amhub.testsupport.auth.Tokens.admin()).contentType(ContentType.JSON)
                        .body(Map.of("hub", hub, "action", "ACCEPT")).post("/api/matches/" + matchId + "/feedback").then().statusCode(200);
            }
            String partnershipId = given().auth().oauth2(org.amhub.testsupport.auth.Tokens.admin()).queryParam("hub", seeker)
                    .get("/api/partnerships").then().statusCode(200).extract().path("[0].id");
            fixture = new Fixture(seeker, offerer, matchId, partnershipId);
        }
        return fixture;
    }

    private void send(org.amhub.events.hub.HubProfile profile) throws Exception {
        HubProfileChanged event = HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile);
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(), mapper.writeValueAsString(event));
    }
}
