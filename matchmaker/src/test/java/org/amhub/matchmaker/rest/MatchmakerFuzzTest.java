package org.amhub.matchmaker.rest;

import org.amhub.testsupport.auth.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.hub.TopicClaim;
import org.amhub.matchmaker.service.MatchService;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.amhub.testsupport.fuzz.EndpointFuzzer;
import org.amhub.testsupport.fuzz.EndpointFuzzer.Caller;
import org.amhub.testsupport.fuzz.EndpointFuzzer.Endpoint;
import org.junit.jupiter.api.Test;

import java.net.URI;
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

/** Generated hostile requests at every matchmaker endpoint: no 5xx, and every 4xx a problem naming what was wrong. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class MatchmakerFuzzTest {

    static final int REQUESTS = 1_500;
    static final long SEED = 20212;

    @TestHTTPResource("/")
    URI base;

    @Inject
    ObjectMapper mapper;

    /** Everyone who may call: anonymous, admin and a hub coordinator (the one place to change for OIDC). */
    static List<Caller> callers() {
        return List.of(Caller.ANONYMOUS, Caller.bearer("admin", Tokens.admin()),
                Caller.bearer("alpha-coordinator", Tokens.coordinator("alpha")));
    }

    @Test
    void hostileRequestsGetNoServerErrorAndProblemsNameTheField() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String seeker = "fuzz-seeker-" + suffix, offerer = "fuzz-offerer-" + suffix;
        send(profile(seeker, List.of(), List.of(new TopicClaim("hydrogen-mobility", "hydrogen ferries", null))));
        send(profile(offerer, List.of(new TopicClaim("hydrogen-mobility", "fuel cell test centre", null)), List.of()));
        String matchId = MatchService.matchId(id(seeker), id(offerer));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().queryParam("hub", seeker).get("/api/matches").then().statusCode(200).body("matchId", hasItem(matchId)));

        List<Endpoint> endpoints = List.of(
                Endpoint.of("GET", "/api/matches").query("hub", "limit", "minScore"),
                Endpoint.of("GET", "/api/matches/{matchId}").valid("matchId", matchId),
                Endpoint.of("POST", "/api/matches/{matchId}/feedback").valid("matchId", matchId)
                        .body(() -> Map.of("hub", seeker, "action", "ACCEPT")),
                Endpoint.of("GET", "/api/consortia").query("hub"),
                Endpoint.of("GET", "/api/model"),
                Endpoint.of("GET", "/api/admin/consistency"),
                Endpoint.of("GET", "/api/admin/dead-letters").query("topic", "status"),
                Endpoint.of("POST", "/api/admin/dead-letters/{id}/replay").valid("id", "amhub.hub-profiles.v1.dlq:0:0"),
                Endpoint.of("POST", "/api/admin/dead-letters/replay").query("topic"),
                Endpoint.of("GET", "/").query("hub"));

        EndpointFuzzer.Result result = new EndpointFuzzer(base).run(endpoints, callers(), REQUESTS, SEED);

        System.out.println("MatchmakerFuzzTest: " + result.summary());
        assertThat(result.requests()).isEqualTo(REQUESTS);
        assertThat(result.violations()).as(result.summary()).isEmpty();
    }

    @Test
    void nulInAPathOrQueryParameterIsA400NamingIt() {
        given().urlEncodingEnabled(false).get("/api/matches/%00").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("matchId"));
        given().urlEncodingEnabled(false).get("/api/matches?hub=%00").then().statusCode(400).body("field", equalTo("hub"));
    }

    static UUID id(String slug) {
        return UUID.nameUUIDFromBytes(slug.getBytes(StandardCharsets.UTF_8));
    }

    static HubProfile profile(String slug, List<TopicClaim> capabilities, List<TopicClaim> needs) {
        return new HubProfile(id(slug), slug, "Hub " + slug, "Country " + slug, "Region " + slug, List.of("Host"), null,
                null, List.of("Shipbuilding"), null, null, HubStatus.ACTIVE, List.of(), capabilities, needs, List.of(), 1,
                Instant.EPOCH, Instant.now());
    }

    void send(HubProfile profile) throws Exception {
        HubProfileChanged event = HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile);
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(), mapper.writeValueAsString(event));
    }
}
