package org.amhub.registry;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.auth.Tokens;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.amhub.registry.HubRequests.validHub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Abuse limits and security headers, with write limits small enough to reach (3 per caller, 6 per address, per hour);
 * the shared code (rest-support) is the same in every service.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(HttpHardeningTest.SmallLimits.class)
@WithTestResource(RealInfrastructureResource.class)
class HttpHardeningTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("amhub.rate-limit.writes-per-caller", "3", "amhub.rate-limit.writes-per-address", "6",
                    "amhub.rate-limit.period", "1h");
        }
    }

    @Test
    @Order(1) // first: the other tests' writes come from the same address
    void writesBeyondTheCallersOrTheAddresssLimitAre429ProblemsWithRetryAfter() {
        String first = Tokens.token("first-writer", java.util.List.of("admin")).sign();
        for (int i = 0; i < 3; i++) {
            create(first).then().statusCode(201);
        }
        Response refused = create(first);
        refused.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429))
                .body("detail", containsString("caller"));
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();

        // Another caller from the same address has its own bucket, until the address's runs out (every attempt counts: 6)
        String second = Tokens.token("second-writer", java.util.List.of("admin")).sign();
        create(second).then().statusCode(201);
        create(second).then().statusCode(201);
        create(second).then().statusCode(429).body("detail", containsString("address"));
        // Reads are not limited
        given().get("/api/hubs").then().statusCode(200);
    }

    @Test
    void aBodyOverTheLimitIsA413Problem() {
        byte[] big = new byte[300 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(big).post("/api/hubs")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        // chunked: no Content-Length to refuse up front
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(new ByteArrayInputStream(big)).post("/api/hubs")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (Response response : new Response[]{given().get("/api/hubs"), given().get("/api/hubs/no-such-hub"),
                given().contentType(ContentType.JSON).body("{}").post("/api/hubs"), given().get("/q/health/ready")}) {
            response.then()
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("X-Frame-Options", "DENY");
        }
        given().get("/q/swagger-ui/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff");
    }

    private static Response create(String token) {
        Map<String, Object> body = validHub();
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/hubs");
    }
}
