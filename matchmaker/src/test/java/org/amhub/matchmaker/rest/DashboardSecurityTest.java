package org.amhub.matchmaker.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.amhub.testsupport.RealInfrastructureResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/** The dashboard works under a strict Content-Security-Policy: no inline script or style, every header in place. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class DashboardSecurityTest {

    @Test
    void dashboardAndApiCarryTheSecurityHeaders() {
        for (String path : new String[]{"/", "/dashboard.js", "/dashboard.css", "/api/matches", "/api/matches/none"}) {
            given().get(path).then()
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer");
        }
    }

    @Test
    void thePageHoldsNoInlineScriptOrStyle() {
        String page = given().get("/").then().statusCode(200).extract().asString();
        assertThat(page).doesNotContain("<style").doesNotContain("style=").doesNotContainPattern("<script(?![^>]*\\bsrc=)");
        assertThat(page).contains("src=\"/dashboard.js\"");
        given().get("/dashboard.js").then().statusCode(200).body(not(containsString("style:")));
    }
}
