package org.amhub.matchmaker.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.amhub.testsupport.RealInfrastructureResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The committed API document (docs/api/matchmaker.yaml, for clients) is the one the service serves. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class ApiDocumentTest {

    @Test
    void theCommittedDocumentIsTheServedOne() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode committed = yaml.readTree(Files.readString(Path.of("../docs/api/matchmaker.yaml")));
        JsonNode served = yaml.readTree(given().get("/q/openapi").then().statusCode(200).extract().asString());
        assertThat(served)
                .as("the API changed: refresh the document with "
                        + "./mvnw -o -q -pl matchmaker -am -DskipTests package && cp matchmaker/target/openapi/openapi.yaml docs/api/matchmaker.yaml")
                .isEqualTo(committed);
    }
}
