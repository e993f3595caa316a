package org.amhub.registry;

import org.amhub.testsupport.auth.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.amhub.testsupport.RealInfrastructureResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.amhub.registry.HubRequests.claim;
import static org.amhub.registry.HubRequests.validHub;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Where each claim's evidence comes from, free-text claims placed on the taxonomy, and the completeness hints. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class ClaimSourceAndCompletenessTest {

    static Response create(Map<String, Object> hub) {
        return given().auth().oauth2(Tokens.admin())
                .contentType(ContentType.JSON).body(hub).post("/api/hubs");
    }

    @Test
    void seedClaimsNameTheirReportSectionAndApiClaimsTheirEntry() {
        given().get("/api/hubs/ulsan").then().statusCode(200)
                .body("needs[0].source", startsWith("Global Network of AMHUBs, 2021 report: section \"Ulsan"));
        Map<String, Object> hub = validHub();
        Response created = create(hub);
        created.then().statusCode(201).body("needs[0].source", startsWith("Entered through the API on "));
        String id = created.path("id");
        String firstSource = created.path("needs[0].source");

        // An edit that repeats a claim keeps its source; a new claim gets the time of this edit.
        hub.put("needs", List.of(claim("3D printing", "Printed spare parts for ships"), claim("robotics", "Welding cells")));
        given().auth().oauth2(Tokens.admin())
                .contentType(ContentType.JSON).header("If-Match", "\"0\"").body(hub).put("/api/hubs/" + id)
                .then().statusCode(200).body("needs[0].source", equalTo(firstSource))
                .body("needs[1].source", startsWith("Entered through the API on "));
    }

    @Test
    void aClaimWithoutATopicIsPlacedOnTheTopicItsTextNamesOrRejected() {
        Map<String, Object> hub = validHub();
        hub.put("needs", List.of(Map.of("text", "Partners for additive manufacturing of ship parts", "evidence", "q")));
        create(hub).then().statusCode(201).body("needs[0].topic", equalTo("additive-manufacturing"));

        Map<String, Object> vague = validHub();
        vague.put("needs", List.of(Map.of("text", "Something nice", "evidence", "q")));
        create(vague).then().statusCode(422).contentType(HubResourceTest.PROBLEM)
                .body("field", equalTo("needs[0].topic"));
    }

    @Test
    void aThinProfileIsToldWhatWouldImproveItsMatches() {
        Map<String, Object> hub = validHub();
        hub.put("needs", List.of());
        hub.put("capabilities", List.of());
        hub.put("programmes", List.of());
        String slug = (String) hub.get("slug");
        create(hub).then().statusCode(201);
        given().get("/api/hubs/" + slug + "/completeness").then().statusCode(200)
                .body("score", lessThan(0.6f))
                .body("missing[0].field", equalTo("needs"))
                .body("missing.field", hasItem("capabilities"));
        given().get("/api/hubs/ulsan/completeness").then().statusCode(200)
                .body("missing.field", not(hasItem("needs")));
        given().get("/api/hubs/no-such-hub/completeness").then().statusCode(404);
    }
}
