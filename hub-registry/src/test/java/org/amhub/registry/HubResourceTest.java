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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class HubResourceTest {

    static final String PROBLEM = "application/problem+json";

    static Response create(Map<String, Object> hub) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(hub)
                .post("/api/hubs");
    }

    @Test
    void createdHubIsServedWithCanonicalTopicsAndAnETag() {
        Map<String, Object> hub = validHub();
        Response created = create(hub);
        created.then().statusCode(201)
                .header("Location", containsString("/api/hubs/"))
                .header("ETag", notNullValue())
                .body("slug", equalTo(hub.get("slug")))
                .body("needs[0].topic", equalTo("additive-manufacturing"))
                .body("priorities[0].topic", equalTo("hydrogen-mobility"))
                .body("programmes[0].topics", contains("shipbuilding"))
                .body("version", equalTo(0));
        String id = created.path("id");

        given().get("/api/hubs/" + id).then().statusCode(200).body("name", equalTo(hub.get("name")))
                .body("workforceInManufacturingPct", equalTo(12.5f));
        given().get("/api/hubs/" + hub.get("slug")).then().statusCode(200).body("id", equalTo(id));
        String etag = given().get("/api/hubs/" + id).header("ETag");
        given().header("If-None-Match", etag).get("/api/hubs/" + id).then().statusCode(304);
    }

    @Test
    void readsCarryValidatorsAndAnswer304WhenUnchanged() {
        Map<String, Object> hub = validHub();
        String id = create(hub).then().statusCode(201).extract().path("id");

        // One hub: the ETag is its version; the answer differs by caller (contact email), so private and varying
        Response one = given().get("/api/hubs/" + id);
        one.then().statusCode(200).header("Cache-Control", "private, no-cache").header("Vary", containsString("Authorization"));
        given().header("If-None-Match", one.header("ETag")).get("/api/hubs/" + id).then().statusCode(304)
                .header("ETag", equalTo(one.header("ETag"))).header("Cache-Control", "private, no-cache");

        // The search: a digest of the answer; unchanged data, same tag, 304 without a body
        String search = "/api/hubs?q=" + hub.get("slug");
        Response page = given().get(search);
        page.then().statusCode(200).header("Cache-Control", "private, no-cache").body("total", equalTo(1));
        String tag = page.header("ETag");
        given().header("If-None-Match", tag).get(search).then().statusCode(304).header("ETag", equalTo(tag));
        given().header("If-None-Match", "W/" + tag + ", \"other\"").get(search).then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get(search).then().statusCode(200).body("total", equalTo(1));

        // An admin sees the contact email: another answer, another tag
        String adminTag = given().auth().oauth2(Tokens.admin()).get(search).then().statusCode(200).extract().header("ETag");
        org.junit.jupiter.api.Assertions.assertNotEquals(tag, adminTag);

        // A change to the hub changes both tags: the old ones get the new answer
        Map<String, Object> changed = new java.util.HashMap<>(hub);
        changed.put("name", hub.get("name") + " renamed");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", one.header("ETag"))
                .body(changed).put("/api/hubs/" + id).then().statusCode(200);
        given().header("If-None-Match", one.header("ETag")).get("/api/hubs/" + id).then().statusCode(200);
        given().header("If-None-Match", tag).get(search).then().statusCode(200).body("items[0].name", equalTo(hub.get("name") + " renamed"));
    }

    @Test
    void searchFiltersByTopicSynonymIndustryRegionAndText() {
        Map<String, Object> hub = validHub();
        hub.put("region", "Filterland");
        create(hub).then().statusCode(201);

        given().queryParam("region", "filterland").get("/api/hubs").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].slug", equalTo(hub.get("slug")));
        given().queryParam("topic", "3d printing").queryParam("region", "Filterland").get("/api/hubs").then()
                .body("total", equalTo(1));
        given().queryParam("topic", "semiconductors").queryParam("region", "Filterland").get("/api/hubs").then()
                .body("total", equalTo(0));
        given().queryParam("industry", "shipbuild").get("/api/hubs").then()
                .body("items.slug", hasItem(hub.get("slug")));
        given().queryParam("q", "printed spare PARTS").get("/api/hubs").then()
                .body("items.slug", hasItem(hub.get("slug")));
        given().queryParam("q", "100%_").get("/api/hubs").then().statusCode(200).body("total", equalTo(0));
        given().queryParam("size", 2).queryParam("page", 1).get("/api/hubs").then().statusCode(200)
                .body("items", hasSize(2)).body("page", equalTo(1)).body("total", greaterThanOrEqualTo(13));
    }

    @Test
    void badQueryParametersAreNamed() {
        given().queryParam("topic", "time travel").get("/api/hubs").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("topic"));
        given().queryParam("size", 0).get("/api/hubs").then().statusCode(400).body("field", equalTo("size"));
        given().queryParam("page", "x").get("/api/hubs").then().statusCode(400).body("field", equalTo("page"));
    }

    @Test
    void updateNeedsTheCurrentETag() {
        Map<String, Object> hub = validHub();
        Response created = create(hub);
        String id = created.path("id");
        String etag = created.header("ETag");
        hub.put("name", "Renamed Hub");

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(hub)
                .put("/api/hubs/" + id).then().statusCode(428).contentType(PROBLEM).body("field", equalTo("If-Match"));
        Response updated = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .header("If-Match", etag).body(hub).put("/api/hubs/" + id);
        updated.then().statusCode(200).body("name", equalTo("Renamed Hub")).body("version", equalTo(1));
        // The old ETag is now stale: the second writer is told, nothing is overwritten.
        hub.put("name", "Lost Update");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .header("If-Match", etag).body(hub).put("/api/hubs/" + id).then().statusCode(412).contentType(PROBLEM)
                .header("ETag", equalTo(updated.header("ETag")));
        given().get("/api/hubs/" + id).then().body("name", equalTo("Renamed Hub"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .header("If-Match", "not-a-version").body(hub).put("/api/hubs/" + id).then().statusCode(400);
    }

    @Test
    void unknownTopicIsA422NamingTheEntryAndNothingIsWritten() {
        Map<String, Object> hub = validHub();
        hub.put("needs", List.of(claim("additive manufacturing", "ok"), claim("teleportation", "not a topic")));
        create(hub).then().statusCode(422).contentType(PROBLEM)
                .body("status", equalTo(422)).body("field", equalTo("needs[1].topic"))
                .body("detail", containsString("teleportation"));
        given().get("/api/hubs/" + hub.get("slug")).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void constraintViolationsNameEveryField() {
        Map<String, Object> hub = validHub();
        hub.put("slug", "Not A Slug");
        hub.put("contactEmail", "not-an-email");
        hub.put("workforceInManufacturingPct", 140);
        hub.put("hostEntities", List.of());
        create(hub).then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItem("slug"))
                .body("errors.field", hasItem("contactEmail"))
                .body("errors.field", hasItem("workforceInManufacturingPct"))
                .body("errors.field", hasItem("hostEntities"));
    }

    @Test
    void malformedBodiesAreA400() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"slug\": ")
                .post("/api/hubs").then().statusCode(400).contentType(PROBLEM);
        Map<String, Object> hub = validHub();
        hub.put("population", "many");
        create(hub).then().statusCode(400).contentType(PROBLEM).body("field", equalTo("population"));
        hub = validHub();
        hub.put("status", "DORMANT");
        create(hub).then().statusCode(400).body("field", equalTo("status"));
        hub = validHub();
        hub.put("favouriteColour", "blue");
        create(hub).then().statusCode(400).body("field", equalTo("favouriteColour"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("[]")
                .post("/api/hubs").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void wrongMediaTypeIsA415() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.TEXT).body("hello")
                .post("/api/hubs").then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void duplicateSlugIsA409() {
        Map<String, Object> hub = validHub();
        create(hub).then().statusCode(201);
        create(hub).then().statusCode(409).contentType(PROBLEM).body("field", equalTo("slug"));
    }

    @Test
    void unknownHubsAreA404() {
        given().get("/api/hubs/00000000-0000-0000-0000-000000000000").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(Tokens.admin()).header("If-Match", "*")
                .delete("/api/hubs/not-a-uuid").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void writesNeedCredentialsAndTheRightRole() {
        Map<String, Object> hub = validHub();
        given().contentType(ContentType.JSON).body(hub).post("/api/hubs").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(Tokens.forged()).contentType(ContentType.JSON).body(hub)
                .post("/api/hubs").then().statusCode(401);
        given().auth().oauth2(Tokens.coordinator("ulsan")).contentType(ContentType.JSON)
                .body(hub).post("/api/hubs").then().statusCode(403).contentType(PROBLEM);

        Response created = create(hub);
        given().auth().oauth2(Tokens.coordinator("ulsan")).contentType(ContentType.JSON)
                .header("If-Match", created.header("ETag")).body(hub).put("/api/hubs/" + created.path("id"))
                .then().statusCode(403);

        Map<String, Object> ulsan = given().get("/api/hubs/ulsan").then().statusCode(200).extract().as(Map.class);
        String etag = given().get("/api/hubs/ulsan").header("ETag");
        ulsan.keySet().removeAll(List.of("id", "version", "createdAt", "updatedAt"));
        ulsan.put("contactEmail", "coordinator@ulsan.example.org");
        given().auth().oauth2(Tokens.coordinator("ulsan")).contentType(ContentType.JSON)
                .header("If-Match", etag).body(ulsan).put("/api/hubs/ulsan-is-not-an-id").then().statusCode(404);
        given().auth().oauth2(Tokens.coordinator("ulsan")).contentType(ContentType.JSON)
                .header("If-Match", etag).body(ulsan).put("/api/hubs/ulsan") // by slug, as GET
                .then().statusCode(200).body("contactEmail", equalTo("coordinator@ulsan.example.org"));
    }

    @Test
    void slugCannotChange() {
        Map<String, Object> hub = validHub();
        Response created = create(hub);
        hub.put("slug", "another-slug");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .header("If-Match", created.header("ETag")).body(hub).put("/api/hubs/" + created.path("id"))
                .then().statusCode(422).body("field", equalTo("slug"));
    }

    @Test
    void deleteRemovesTheHub() {
        Response created = create(validHub());
        String id = created.path("id");
        given().auth().oauth2(Tokens.admin()).delete("/api/hubs/" + id).then().statusCode(428);
        given().auth().oauth2(Tokens.admin()).header("If-Match", created.header("ETag"))
                .delete("/api/hubs/" + created.path("slug")).then().statusCode(204); // by slug, as GET
        given().get("/api/hubs/" + id).then().statusCode(404);
    }

    @Test
    void taxonomyIsServedWithSynonyms() {
        given().get("/api/taxonomy").then().statusCode(200)
                .body("topics.id", hasItem("additive-manufacturing"))
                .body("topics.find { it.id == 'digital-maturity-assessment' }.synonyms", hasItem("siri"))
                .body("topics.id", everyItem(notNullValue()));
    }

    @Test
    void operationalEndpointsAnswer() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("amhub_outbox_published"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/hubs"));
    }
}
