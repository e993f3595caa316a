package org.amhub.registry;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.auth.Tokens;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.amhub.registry.HubRequests.validHub;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** Profiles are public; the contact email (personal data) is shown only to admin and that hub's coordinator. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class PersonalDataTest {

    @Test
    void contactEmailOnlyForAdminAndTheHubsCoordinator() {
        Map<String, Object> body = validHub();
        String slug = (String) body.get("slug");
        String email = (String) body.get("contactEmail");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post("/api/hubs").then().statusCode(201);
        String one = "/api/hubs/" + slug;

        given().get(one).then().statusCode(200).body("name", equalTo(body.get("name"))).body("contactEmail", nullValue());
        given().auth().oauth2(Tokens.coordinator("ulsan")).get(one).then().statusCode(200).body("contactEmail", nullValue());
        given().auth().oauth2(Tokens.noRole()).get(one).then().statusCode(200).body("contactEmail", nullValue());
        given().auth().oauth2(Tokens.forged()).get(one).then().statusCode(200).body("contactEmail", nullValue());
        given().auth().oauth2(Tokens.coordinator(slug)).get(one).then().statusCode(200).body("contactEmail", equalTo(email));
        given().auth().oauth2(Tokens.admin()).get(one).then().statusCode(200).body("contactEmail", equalTo(email));

        given().queryParam("size", 100).get("/api/hubs").then().statusCode(200)
                .body("items.slug", hasItem(slug)).body("items.contactEmail", everyItem(nullValue()));
        given().auth().oauth2(Tokens.coordinator(slug)).queryParam("q", slug).get("/api/hubs").then().statusCode(200)
                .body("items[0].contactEmail", equalTo(email));
        given().auth().oauth2(Tokens.admin()).queryParam("q", slug).get("/api/hubs").then().statusCode(200)
                .body("items[0].contactEmail", equalTo(email));
    }
}
