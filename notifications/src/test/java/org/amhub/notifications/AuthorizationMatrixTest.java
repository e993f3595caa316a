package org.amhub.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.auth.AuthorizationMatrix;
import org.amhub.testsupport.auth.AuthorizationMatrix.Caller;
import org.amhub.testsupport.auth.AuthorizationMatrix.Rule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * Every notifications endpoint called by every kind of caller (docs/security.md): anonymous, admin, the hub's
 * coordinator, another hub's coordinator, a user without roles, and admin tokens that are forged, expired, from another
 * issuer or for another audience. The live stream (SSE) never ends: it is checked only for refusals (an allowed
 * call would hang), see {@link #statusFollowsTheMatrix}.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(SmtpServerResource.class)
class AuthorizationMatrixTest {

    static final String OTHER_HUB = "north";
    static final String OTHER_API = "matchmaker";

    /** A hub with one notification; each case gets its own subscription to change or delete. */
    record Fixture(String hub, String notificationId, String subscriptionId) {
    }

    record Endpoint(Rule rule, int success, BiFunction<RequestSpecification, Fixture, Response> call) {
    }

    static final Map<String, Endpoint> ENDPOINTS = new LinkedHashMap<>();
    static final String STREAM = "GET /api/hubs/{hub}/notifications/stream";
    static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newHttpClient();

    static {
        String hubs = "/api/hubs/";
        ENDPOINTS.put("GET /api/hubs/{hub}/notifications", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200, (r, f) -> r.get(hubs + f.hub() + "/notifications")));
        ENDPOINTS.put("POST /api/hubs/{hub}/notifications/{id}/read", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.post(hubs + f.hub() + "/notifications/" + f.notificationId() + "/read")));
        ENDPOINTS.put("GET /api/hubs/{hub}/deliveries", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.get(hubs + f.hub() + "/deliveries")));
        ENDPOINTS.put("GET /api/hubs/{hub}/subscriptions", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.get(hubs + f.hub() + "/subscriptions")));
        ENDPOINTS.put("POST /api/hubs/{hub}/subscriptions", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 201,
                (r, f) -> r.contentType(ContentType.JSON).body(NotificationsFuzzTest.validSubscription()).post(hubs + f.hub() + "/subscriptions")));
        ENDPOINTS.put("PUT /api/hubs/{hub}/subscriptions/{id}", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.contentType(ContentType.JSON).body(NotificationsFuzzTest.validSubscription())
                        .put(hubs + f.hub() + "/subscriptions/" + f.subscriptionId())));
        ENDPOINTS.put("DELETE /api/hubs/{hub}/subscriptions/{id}", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 204,
                (r, f) -> r.delete(hubs + f.hub() + "/subscriptions/" + f.subscriptionId())));
        ENDPOINTS.put("GET /api/admin/dead-letters", new Endpoint(Rule.ADMIN, 200, (r, f) -> r.get("/api/admin/dead-letters")));
        // Replaying a topic that has no dead letters: past the check, an admin learns there is no such topic.
        ENDPOINTS.put("POST /api/admin/dead-letters/replay", new Endpoint(Rule.ADMIN, 404,
                (r, f) -> r.queryParam("topic", "amhub.nothing.dlq").post("/api/admin/dead-letters/replay")));
        ENDPOINTS.put(STREAM, new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200, null)); // see streamStatus
        ENDPOINTS.put("GET /api/audit?hub={hub}", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.queryParam("hub", f.hub()).get("/api/audit")));
        // The signed token is the authorisation: credentials, even invalid ones, change nothing.
        ENDPOINTS.put("GET /api/unsubscribe?token=", new Endpoint(Rule.PUBLIC, 200,
                (r, f) -> r.queryParam("token", AuthorizationMatrixTest.tokens.token(UUID.fromString(f.subscriptionId()))).get("/api/unsubscribe")));
        ENDPOINTS.put("POST /api/unsubscribe?token=", new Endpoint(Rule.PUBLIC, 200,
                (r, f) -> r.queryParam("token", AuthorizationMatrixTest.tokens.token(UUID.fromString(f.subscriptionId()))).post("/api/unsubscribe")));
        ENDPOINTS.put("GET /q/health/ready", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.get("/q/health/ready")));
    }

    private static volatile String hub;
    private static volatile String notificationId;

    @Inject
    ObjectMapper mapper;

    @Inject
    org.amhub.notifications.email.UnsubscribeTokens injectedTokens;

    private static volatile org.amhub.notifications.email.UnsubscribeTokens tokens;

    static Stream<Arguments> matrix() {
        return ENDPOINTS.keySet().stream().flatMap(endpoint -> AuthorizationMatrix.callers().map(caller -> Arguments.of(endpoint, caller)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void statusFollowsTheMatrix(String name, Caller caller) throws Exception {
        Fixture f = fixture();
        Endpoint endpoint = ENDPOINTS.get(name);
        RequestSpecification request = given();
        caller.token(f.hub(), OTHER_HUB, OTHER_API).ifPresent(token -> request.auth().oauth2(token));
        if (name.equals(STREAM)) {
            assertThat(streamStatus(f.hub(), caller.token(f.hub(), OTHER_HUB, OTHER_API)))
                    .isEqualTo(AuthorizationMatrix.expected(endpoint.rule(), caller, endpoint.success()));
            return;
        }

        Response response = endpoint.call().apply(request, f);

        response.then().statusCode(AuthorizationMatrix.expected(endpoint.rule(), caller, endpoint.success()));
        if (response.statusCode() == 201) {
            Fixtures.admin().delete("/api/hubs/" + f.hub() + "/subscriptions/" + response.path("id")).then().statusCode(204);
        }
        Fixtures.admin().delete("/api/hubs/" + f.hub() + "/subscriptions/" + f.subscriptionId()).then().statusCode(anyOf(is(204), is(404)));
    }

    /** The stream's status, read from its headers alone: an allowed stream never ends, so it is closed at once. */
    private static int streamStatus(String hub, java.util.Optional<String> token) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(Fixtures.baseUrl() + "/api/hubs/" + hub + "/notifications/stream"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        java.net.http.HttpResponse<java.io.InputStream> response = CLIENT.send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    private synchronized Fixture fixture() throws Exception {
        tokens = injectedTokens;
        if (hub == null) {
            Fixtures fixtures = new Fixtures(mapper);
            String slug = Fixtures.unique("matrix");
            fixtures.hub(slug, "host@" + slug + ".example.org");
            fixtures.suggestion(slug, slug + "-partner", 0.9);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    Fixtures.admin().get("/api/hubs/" + slug + "/notifications").then().statusCode(200).body("$", hasSize(1)));
            notificationId = Fixtures.admin().get("/api/hubs/" + slug + "/notifications").then().extract().path("[0].id").toString();
            hub = slug;
        }
        String subscriptionId = Fixtures.admin().contentType(ContentType.JSON).body(NotificationsFuzzTest.validSubscription())
                .post("/api/hubs/" + hub + "/subscriptions").then().statusCode(201).extract().path("id");
        return new Fixture(hub, notificationId, subscriptionId);
    }
}
