package org.amhub.matchmaker.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.hub.TopicClaim;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard as a person sees it: headless Chromium loads the page, its script fetches the suggestions, and the
 * rendered DOM shows the pair with its reasons. (.ci/run installs Debian's chromium.)
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Inject
    ObjectMapper mapper;

    @Test
    void theDashboardRendersSuggestionsWithTheirReasons() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
        String seeker = "zeta-" + UUID.randomUUID().toString().substring(0, 6);
        String offerer = "eta-" + UUID.randomUUID().toString().substring(0, 6);
        send(MatchmakerFlowTest.profile(seeker, 1, List.of(), List.of(new TopicClaim("semiconductors", "chip packaging lines",
                "Quote: the region lacks chip packaging lines", "Entered through the API")), null));
        send(MatchmakerFlowTest.profile(offerer, 1, List.of(new TopicClaim("semiconductors", "chip packaging lines and a wafer fab", null)), List.of(), null));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().queryParam("hub", seeker).get("/api/matches").then().body("hubA.slug", hasItem(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.equalTo(seeker), org.hamcrest.Matchers.equalTo(offerer)))));

        Path profileDir = Files.createTempDirectory("chromium-profile");
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profileDir, "--virtual-time-budget=10000", "--dump-dom",
                RestAssured.baseURI + ":" + RestAssured.port + "/")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(dom).contains("AMHUB partnership suggestions")
                .contains("class=\"card match\"")
                .contains("Hub " + seeker).contains("Hub " + offerer)
                .contains("seeks: chip packaging lines")
                .contains("Quote: the region lacks chip packaging lines") // the evidence under the reason, with its source
                .contains("Entered through the API")
                .contains("complementarity");
    }

    private void send(HubProfile profile) throws Exception {
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(),
                mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile)));
    }
}
