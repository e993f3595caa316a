package org.amhub.registry;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.auth.AuthorizationMatrix;
import org.amhub.testsupport.auth.AuthorizationMatrix.Caller;
import org.amhub.testsupport.auth.AuthorizationMatrix.Rule;
import org.amhub.testsupport.auth.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.amhub.registry.HubRequests.validHub;

/**
 * Every registry endpoint called by every kind of caller (docs/security.md): anonymous, admin, the hub's coordinator,
 * another hub's coordinator, a user without roles, and admin tokens that are forged, expired, from another issuer or
 * for another audience. Each case gets a fresh hub of its own, so what one case changes no other sees.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class AuthorizationMatrixTest {

    static final String OTHER_HUB = "ulsan";
    static final String OTHER_API = "matchmaker";

    /** The hub a case is about: its id, slug and the body it was created with. */
    record Fixture(String id, String slug, Map<String, Object> body) {
    }

    record Endpoint(Rule rule, int success, BiFunction<RequestSpecification, Fixture, Response> call) {
    }

    static final Map<String, Endpoint> ENDPOINTS = new LinkedHashMap<>();

    static {
        ENDPOINTS.put("GET /api/hubs", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.get("/api/hubs")));
        ENDPOINTS.put("GET /api/hubs/{id}", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.get("/api/hubs/" + f.id())));
        ENDPOINTS.put("GET /api/hubs/{slug}/completeness", new Endpoint(Rule.PUBLIC, 200,
                (r, f) -> r.get("/api/hubs/" + f.slug() + "/completeness")));
        ENDPOINTS.put("GET /api/taxonomy", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.get("/api/taxonomy")));
        ENDPOINTS.put("POST /api/hubs", new Endpoint(Rule.ADMIN, 201,
                (r, f) -> r.contentType(ContentType.JSON).body(validHub()).post("/api/hubs")));
        ENDPOINTS.put("PUT /api/hubs/{id}", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200, (r, f) -> {
            Map<String, Object> changed = new HashMap<>(f.body());
            changed.put("name", "Renamed " + f.slug());
            return r.contentType(ContentType.JSON).header("If-Match", "*").body(changed).put("/api/hubs/" + f.id());
        }));
        ENDPOINTS.put("DELETE /api/hubs/{id}", new Endpoint(Rule.ADMIN, 204,
                (r, f) -> r.header("If-Match", "*").delete("/api/hubs/" + f.id())));
        ENDPOINTS.put("GET /api/audit?hub={slug}", new Endpoint(Rule.ADMIN_OR_HUB_COORDINATOR, 200,
                (r, f) -> r.queryParam("hub", f.slug()).get("/api/audit")));
        ENDPOINTS.put("GET /q/health/ready", new Endpoint(Rule.PUBLIC, 200, (r, f) -> r.get("/q/health/ready")));
    }

    static Stream<Arguments> matrix() {
        return ENDPOINTS.keySet().stream().flatMap(endpoint -> AuthorizationMatrix.callers().map(caller -> Arguments.of(endpoint, caller)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void statusFollowsTheMatrix(String name, Caller caller) {
        Endpoint endpoint = ENDPOINTS.get(name);
        Map<String, Object> body = validHub();
        String id = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/hubs").then().statusCode(201).extract().path("id");
        Fixture fixture = new Fixture(id, (String) body.get("slug"), body);
        RequestSpecification request = given();
        caller.token(fixture.slug(), OTHER_HUB, OTHER_API).ifPresent(token -> request.auth().oauth2(token));

        Response response = endpoint.call().apply(request, fixture);

        int expected = AuthorizationMatrix.expected(endpoint.rule(), caller, endpoint.success());
        response.then().statusCode(expected);
        if (response.statusCode() == 201) {
            deleteHub(response.path("id"));
        }
        deleteHub(id);
    }

    private static void deleteHub(String id) {
        int status = given().auth().oauth2(Tokens.admin()).header("If-Match", "*").delete("/api/hubs/" + id).statusCode();
        if (status != 204 && status != 404) {
            throw new AssertionError("Could not clean up hub " + id + ": " + status);
        }
    }
}
