package org.amhub.notifications;

import org.amhub.testsupport.auth.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.match.MatchChange;
import org.amhub.events.match.MatchParty;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.match.MatchTopics;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Generated hostile requests at every notifications endpoint: no 5xx, and every 4xx a problem naming what was wrong. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(SmtpServerResource.class)
class NotificationsFuzzTest {

    static final int REQUESTS = 1_500;
    static final long SEED = 20213;

    @TestHTTPResource("/")
    URI base;

    @Inject
    ObjectMapper mapper;

    /** Everyone who may call: anonymous, admin and a hub coordinator (the one place to change for OIDC). */
    static List<Caller> callers() {
        return List.of(Caller.ANONYMOUS, Caller.bearer("admin", Tokens.admin()),
                Caller.bearer("north-coordinator", Tokens.coordinator("north")));
    }

    static Map<String, Object> validSubscription() {
        Map<String, Object> body = new HashMap<>();
        body.put("emails", List.of("host@example.org"));
        body.put("webhookUrl", "http://127.0.0.1:9/fuzz");
        body.put("minScore", 0.3);
        body.put("topics", List.of("additive manufacturing"));
        body.put("mutedPartners", List.of("ohio"));
        body.put("deliveryMode", "DAILY_DIGEST");
        return body;
    }

    @Test
    void hostileRequestsGetNoServerErrorAndProblemsNameTheField() throws Exception {
        String hub = "fuzz-" + UUID.randomUUID().toString().substring(0, 6);
        registerHub(hub);
        suggest(hub);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                Fixtures.admin().get("/api/hubs/" + hub + "/notifications").then().statusCode(200).body("$", hasSize(1)));
        String notificationId = Fixtures.admin().get("/api/hubs/" + hub + "/notifications").then().extract().path("[0].id").toString();
        String subscriptionId = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(validSubscription()).post("/api/hubs/" + hub + "/subscriptions").then().statusCode(201).extract().path("id");

        List<Endpoint> endpoints = List.of(
                Endpoint.of("GET", "/api/hubs/{hub}/notifications").valid("hub", hub).query("unread", "limit"),
                Endpoint.of("GET", "/api/hubs/{hub}/notifications/stream").valid("hub", hub),
                Endpoint.of("POST", "/api/hubs/{hub}/notifications/{id}/read").valid("hub", hub).valid("id", notificationId),
                Endpoint.of("GET", "/api/hubs/{hub}/deliveries").valid("hub", hub),
                Endpoint.of("GET", "/api/hubs/{hub}/subscriptions").valid("hub", hub),
                Endpoint.of("POST", "/api/hubs/{hub}/subscriptions").valid("hub", hub).body(NotificationsFuzzTest::validSubscription),
                Endpoint.of("PUT", "/api/hubs/{hub}/subscriptions/{id}").valid("hub", hub).valid("id", subscriptionId)
                        .body(NotificationsFuzzTest::validSubscription),
                Endpoint.of("DELETE", "/api/hubs/{hub}/subscriptions/{id}").valid("hub", hub).valid("id", subscriptionId));

        EndpointFuzzer.Result result = new EndpointFuzzer(base).run(endpoints, callers(), REQUESTS, SEED);

        System.out.println("NotificationsFuzzTest: " + result.summary());
        assertThat(result.requests()).isEqualTo(REQUESTS);
        assertThat(result.violations()).as(result.summary()).isEmpty();
    }

    @Test
    void nulInAPathParameterIsA400NamingIt() {
        Fixtures.admin().urlEncodingEnabled(false).get("/api/hubs/%00/notifications").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("hub"));
    }

    static UUID id(String slug) {
        return UUID.nameUUIDFromBytes(slug.getBytes(StandardCharsets.UTF_8));
    }

    void registerHub(String slug) throws Exception {
        HubProfile profile = new HubProfile(id(slug), slug, "Hub " + slug, "Country", "Region", List.of("Host"), null,
                null, List.of(), null, null, HubStatus.ACTIVE, List.of(), List.of(), List.of(), List.of(), 1, Instant.EPOCH, Instant.now());
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(),
                mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Fixtures.admin().get("/api/hubs/" + slug + "/notifications").then().statusCode(200));
    }

    void suggest(String hub) throws Exception {
        String partner = hub + "-partner";
        String matchId = UUID.randomUUID().toString();
        MatchSuggested event = new MatchSuggested(UUID.randomUUID(), MatchSuggested.SCHEMA_VERSION, Instant.now(), matchId, 1,
                MatchChange.APPEARED, new MatchParty(id(hub), hub, "Hub " + hub, 1),
                new MatchParty(id(partner), partner, "Hub " + partner, 0), 0.8, List.of(), List.of("additive-manufacturing"),
                List.of("Hub " + hub + " seeks printed parts; Hub " + partner + " offers a network of 3D printers."));
        TopicReader.send(MatchTopics.MATCH_SUGGESTIONS, matchId, mapper.writeValueAsString(event));
    }
}
