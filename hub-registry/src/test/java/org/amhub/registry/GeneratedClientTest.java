package org.amhub.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.amhub.registry.client.ApiClient;
import org.amhub.registry.client.ApiException;
import org.amhub.registry.client.JSON;
import org.amhub.registry.client.api.HubsApi;
import org.amhub.registry.client.api.TaxonomyApi;
import org.amhub.registry.client.model.HubPage;
import org.amhub.registry.client.model.HubProfile;
import org.amhub.registry.client.model.HubProfileRequest;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.auth.Tokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The committed API document (docs/api/hub-registry.yaml) is the one the service serves, and a client generated from
 * it (openapi-generator, Java native library; see this module's pom) works against the running service.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class GeneratedClientTest {

    @TestHTTPResource("/")
    URI base;

    ApiClient client() {
        return new ApiClient().setScheme(base.getScheme()).setHost(base.getHost()).setPort(base.getPort()).setBasePath("");
    }

    @Test
    void theCommittedDocumentIsTheServedOne() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode committed = yaml.readTree(Files.readString(Path.of("../docs/api/hub-registry.yaml")));
        JsonNode served = yaml.readTree(given().get("/q/openapi").then().statusCode(200).extract().asString());
        assertThat(served)
                .as("the API changed: refresh the document with "
                        + "./mvnw -o -q -pl hub-registry -am -DskipTests package && cp hub-registry/target/openapi/openapi.yaml docs/api/hub-registry.yaml")
                .isEqualTo(committed);
    }

    @Test
    void theGeneratedClientListsReadsAndRegistersHubs() throws Exception {
        HubsApi hubs = new HubsApi(client());
        HubPage page = hubs.searchHubs(null, "0", null, null, "5", null);
        assertThat(page.getItems()).isNotEmpty();
        HubProfile first = page.getItems().get(0);
        HubProfile bySlug = hubs.getHub(first.getSlug());
        assertThat(bySlug.getId()).isEqualTo(first.getId());
        assertThat(bySlug.getName()).isEqualTo(first.getName());
        assertThat(new TaxonomyApi(client()).getTaxonomy().getTopics()).isNotEmpty();

        assertThatThrownBy(() -> hubs.getHub("no-such-hub-anywhere"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(
                            type -> assertThat(type).startsWith("application/problem+json"));
                });

        HubProfileRequest request = JSON.getDefault().getMapper().convertValue(HubRequests.validHub(), HubProfileRequest.class);
        HubsApi asAdmin = new HubsApi(client().setRequestInterceptor(
                builder -> builder.header("Authorization", "Bearer " + Tokens.admin())));
        HubProfile created = asAdmin.createHub(request);
        assertThat(created.getSlug()).isEqualTo(request.getSlug());
        assertThat(hubs.getHub(created.getId().toString()).getVersion()).isEqualTo(created.getVersion());
    }
}
