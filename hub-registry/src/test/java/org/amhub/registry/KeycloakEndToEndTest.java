package org.amhub.registry;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.auth.KeycloakResource;
import org.amhub.testsupport.auth.Tokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.amhub.registry.HubRequests.validHub;

/**
 * Identity end to end, once in the suite: the real Keycloak from local-infra with the repository's realm file, a
 * token from the password grant of the {@code amhub-cli} client for the seed hub Ulsan's coordinator, and the registry
 * verifying it through the realm's discovery document and keys. Tagged {@code keycloak}:
 * {@code -DexcludedGroups=keycloak} leaves it out of a quick run.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(KeycloakResource.class)
@Tag("keycloak")
class KeycloakEndToEndTest {

    @Test
    @Timeout(60)
    void aCoordinatorsRealmTokenOpensItsOwnHubAndNothingMore() throws Exception {
        String token = KeycloakResource.keycloak().accessToken("ulsan-coordinator", KeycloakResource.password("ulsan-coordinator"));
        String ulsan = given().get("/api/hubs/ulsan").then().statusCode(200).extract().path("id");
        Map<String, Object> body = validHub();
        body.put("slug", "ulsan");

        // Past authentication and the hub:ulsan check, stopped only by the stale version: the token and its roles count.
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"999999\"").body(body)
                .put("/api/hubs/" + ulsan).then().statusCode(412);
        // Admin-only operations stay closed to a coordinator.
        given().auth().oauth2(token).header("If-Match", "*").delete("/api/hubs/" + ulsan).then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(validHub()).post("/api/hubs").then().statusCode(403);
        // Without a token, or with one the realm did not sign, nothing opens.
        given().contentType(ContentType.JSON).header("If-Match", "*").body(body).put("/api/hubs/" + ulsan).then().statusCode(401);
        given().auth().oauth2(Tokens.coordinator("ulsan")).contentType(ContentType.JSON).header("If-Match", "*").body(body)
                .put("/api/hubs/" + ulsan).then().statusCode(401);
    }
}
