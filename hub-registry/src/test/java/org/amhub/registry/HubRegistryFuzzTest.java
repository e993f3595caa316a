package org.amhub.registry;

import org.amhub.testsupport.auth.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.fuzz.EndpointFuzzer;
import org.amhub.testsupport.fuzz.EndpointFuzzer.Caller;
import org.amhub.testsupport.fuzz.EndpointFuzzer.Endpoint;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.amhub.registry.HubRequests.validHub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Generated hostile requests at every registry endpoint: no 5xx, and every 4xx a problem naming what was wrong. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class HubRegistryFuzzTest {

    static final int REQUESTS = 1_500;
    static final long SEED = 20211;

    @TestHTTPResource("/")
    URI base;

    /** Everyone who may call: anonymous, admin and a hub coordinator (the one place to change for OIDC). */
    static List<Caller> callers() {
        return List.of(Caller.ANONYMOUS, Caller.bearer("admin", Tokens.admin()),
                Caller.bearer("ulsan-coordinator", Tokens.coordinator("ulsan")));
    }

    @Test
    void hostileRequestsGetNoServerErrorAndProblemsNameTheField() {
        Set<String> before = hubIds();
        String ownHub = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(validHub()).post("/api/hubs").then().statusCode(201).extract().path("id");
        String ulsan = given().get("/api/hubs/ulsan").then().statusCode(200).extract().path("id");

        List<Endpoint> endpoints = List.of(
                Endpoint.of("GET", "/api/hubs").query("topic", "industry", "region", "q", "page", "size"),
                Endpoint.of("GET", "/api/hubs/{id}").valid("id", "ulsan", ulsan, ownHub).headers("If-None-Match"),
                Endpoint.of("GET", "/api/hubs/{id}/completeness").valid("id", "ulsan", ulsan, ownHub),
                Endpoint.of("POST", "/api/hubs").body(HubRequests::validHub),
                Endpoint.of("PUT", "/api/hubs/{id}").valid("id", ownHub).headers("If-Match").body(HubRequests::validHub),
                Endpoint.of("DELETE", "/api/hubs/{id}").valid("id", ownHub).headers("If-Match"),
                Endpoint.of("GET", "/api/taxonomy"));

        EndpointFuzzer.Result result = new EndpointFuzzer(base).run(endpoints, callers(), REQUESTS, SEED);

        deleteHubsCreatedSince(before);
        System.out.println("HubRegistryFuzzTest: " + result.summary());
        assertThat(result.requests()).isEqualTo(REQUESTS);
        assertThat(result.violations()).as(result.summary()).isEmpty();
    }

    @Test
    void nulInAQueryOrPathParameterOrABodyIsA400NamingIt() {
        given().urlEncodingEnabled(false).get("/api/hubs?q=%00").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("q"));
        given().urlEncodingEnabled(false).get("/api/hubs?region=a%00b").then().statusCode(400).body("field", equalTo("region"));
        given().urlEncodingEnabled(false).get("/api/hubs/%00").then().statusCode(400).body("field", equalTo("id"));
        Map<String, Object> hub = validHub();
        hub.put("name", "Nul\u0000Hub");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(hub)
                .post("/api/hubs").then().statusCode(400).contentType("application/problem+json").body("field", equalTo("name"));
    }

    static Set<String> hubIds() {
        Set<String> ids = new HashSet<>();
        for (int page = 0; ; page++) {
            List<String> items = given().queryParam("page", page).queryParam("size", 100).get("/api/hubs")
                    .then().statusCode(200).extract().path("items.id");
            ids.addAll(items);
            if (items.size() < 100) {
                return ids;
            }
        }
    }

    /** Whatever the generated requests managed to create goes, so other tests see the registry as they left it. */
    static void deleteHubsCreatedSince(Set<String> before) {
        for (String id : hubIds()) {
            if (!before.contains(id)) {
                given().auth().oauth2(Tokens.admin()).header("If-Match", "*")
                        .delete("/api/hubs/" + id).then().statusCode(204);
            }
        }
    }
}
