package org.amhub.registry;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.amhub.testsupport.RealInfrastructureResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class SeedTest {

    static final List<String> SEED_SLUGS = List.of("basque-country", "brazil", "denmark", "lombardy", "michigan",
            "new-england", "ohio", "qatar", "queensland", "saudi-arabia", "tamil-nadu", "turkey", "ulsan");

    @Test
    void all13HubsOfTheReportAreSeeded() {
        for (String slug : SEED_SLUGS) {
            given().get("/api/hubs/" + slug).then().statusCode(200);
        }
    }

    @Test
    void figuresAreAsInTheReport() {
        given().get("/api/hubs/ulsan").then()
                .body("population", equalTo(1140000))
                .body("topIndustries", contains("Automotive", "Refining & Petrochemical", "Shipbuilding"))
                .body("workforceInManufacturingPct", equalTo(29.4f))
                .body("manufacturingShareOfGdpPct", equalTo(51.3f))
                .body("hostEntities", contains("Ulsan National Institute of Science and Technology"));
        given().get("/api/hubs/queensland").then()
                .body("population", equalTo(5200000))
                .body("workforceInManufacturingPct", equalTo(7.2f))
                .body("manufacturingShareOfGdpPct", equalTo(6.4f));
        given().get("/api/hubs/new-england").then()
                .body("hostEntities", contains("Stanley Black & Decker", "Tulip Interfaces"));
        given().get("/api/hubs/qatar").then().body("status", equalTo("LAUNCHING"));
        // The report gives no contact addresses: none is invented.
        given().get("/api/hubs/denmark").then().body("contactEmail", nullValue())
                .body("topIndustries", contains("Machinery", "Food & Beverage", "Construction", "Medical"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void noProfileNamesAnotherHubAndEveryClaimHasEvidence() {
        List<String> names = SEED_SLUGS.stream().map(slug -> given().get("/api/hubs/" + slug).<String>path("name")).toList();
        for (String slug : SEED_SLUGS) {
            Map<String, Object> hub = given().get("/api/hubs/" + slug).then().extract().as(Map.class);
            String name = (String) hub.get("name");
            for (String kind : List.of("priorities", "capabilities", "needs")) {
                for (Map<String, String> claim : (List<Map<String, String>>) hub.get(kind)) {
                    assertThat(claim.get("evidence")).as(slug + " " + kind).isNotBlank();
                    String text = claim.get("text") + " " + claim.get("evidence");
                    for (String otherName : names) {
                        if (!otherName.equals(name)) {
                            assertThat(text).as(slug + " mentions " + otherName).doesNotContain(otherName);
                        }
                    }
                }
            }
        }
    }
}
