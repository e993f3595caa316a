package org.amhub.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import org.amhub.audit.AuditEntry;
import org.amhub.audit.AuditTrail;
import org.amhub.registry.service.HubProfileCommand;
import org.amhub.registry.service.HubService;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.auth.Tokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.amhub.registry.HubRequests.validHub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** Every registry write leaves an audit row in its own transaction; the trail is readable by admin and the hub's coordinator. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class AuditTrailTest {

    @Inject
    HubService hubs;

    @Inject
    AuditTrail audit;

    @Inject
    ObjectMapper mapper;

    @Test
    void createUpdateAndDeleteEachLeaveARowNamingActorTargetAndChange() {
        Map<String, Object> body = validHub();
        String slug = (String) body.get("slug");
        String id = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/hubs").then().statusCode(201).extract().path("id");
        Map<String, Object> changed = new HashMap<>(body);
        changed.put("name", "Renamed " + slug);
        given().auth().oauth2(Tokens.coordinator(slug)).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(changed)
                .put("/api/hubs/" + id).then().statusCode(200);

        JsonPath trail = given().auth().oauth2(Tokens.coordinator(slug)).queryParam("hub", slug).get("/api/audit")
                .then().statusCode(200).body("total", equalTo(2)).extract().jsonPath();
        // newest first
        assertThat(trail.getList("items.action")).containsExactly("hub.update", "hub.create");
        assertThat(trail.getString("items[0].actor")).isEqualTo(slug + "-coordinator");
        assertThat(trail.getString("items[0].actorSubject")).isNotBlank();
        assertThat(trail.getString("items[0].resourceId")).isEqualTo(id);
        assertThat(trail.getString("items[0].changes.name.from")).isEqualTo(body.get("name"));
        assertThat(trail.getString("items[0].changes.name.to")).isEqualTo("Renamed " + slug);
        assertThat(trail.getMap("items[0].changes")).doesNotContainKey("country"); // unchanged fields are left out
        assertThat(trail.getString("items[1].actor")).isEqualTo("admin");
        assertThat(trail.getString("items[1].changes.slug.to")).isEqualTo(slug);

        given().auth().oauth2(Tokens.admin()).header("If-Match", "*").delete("/api/hubs/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).queryParam("hub", slug).queryParam("size", 1).get("/api/audit")
                .then().statusCode(200).body("items[0].action", equalTo("hub.delete")).body("total", equalTo(3))
                .body("items.size()", equalTo(1));
    }

    @Test
    void aRolledBackWriteLeavesNoAuditRow() throws Exception {
        Map<String, Object> body = validHub();
        String slug = (String) body.get("slug");
        HubProfileCommand request = mapper.convertValue(body, HubProfileCommand.class);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            hubs.create(request);
            assertThat(AuditEntry.count("hub", slug)).isEqualTo(1); // written, inside the transaction
            throw new IllegalStateException("the surrounding transaction fails after the write");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(QuarkusTransaction.requiringNew().call(() -> AuditEntry.count("hub", slug))).isZero();
        assertThat(hubs.findBySlug(slug)).isEmpty();
    }

    @Test
    void anAuditRowIsNeverWrittenOutsideATransaction() {
        assertThatThrownBy(() -> audit.record("hub.update", "nowhere", "x", Map.of()))
                .isInstanceOf(TransactionalException.class);
    }

    @Test
    void secretLookingFieldsAreMasked() {
        Long id = QuarkusTransaction.requiringNew().call(() ->
                audit.record("test.secret", "masked-hub", "x", Map.of("webhookSecret", "whsec_abc", "name", "n")).id);
        AuditEntry entry = QuarkusTransaction.requiringNew().call(() -> AuditEntry.findById(id));
        assertThat(entry.changes.path("webhookSecret").asText()).isEqualTo("***");
        assertThat(entry.changes.path("name").asText()).isEqualTo("n");
        assertThat(entry.actor).isEqualTo(AuditTrail.SYSTEM);
    }

    @Test
    void onlyAdminAndTheHubsCoordinatorReadItsTrail() {
        given().queryParam("hub", "ulsan").get("/api/audit").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.coordinator("qatar")).queryParam("hub", "ulsan").get("/api/audit").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.coordinator("ulsan")).get("/api/audit").then().statusCode(403); // all hubs: admin only
        given().auth().oauth2(Tokens.coordinator("ulsan")).queryParam("hub", "ulsan").get("/api/audit").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).get("/api/audit").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).queryParam("size", "0").get("/api/audit").then().statusCode(400)
                .body("field", equalTo("size"));
    }
}
