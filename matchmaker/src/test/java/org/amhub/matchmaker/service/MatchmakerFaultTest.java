package org.amhub.matchmaker.service;

import org.amhub.testsupport.auth.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.hub.TopicClaim;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.amhub.matchmaker.service.MatchmakerFlowTest.id;
import static org.amhub.matchmaker.service.MatchmakerFlowTest.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Ordinary faults against the real PostgreSQL and Kafka: a database outage while a profile arrives is waited out
 * (retried, never dead-lettered), readiness says so meanwhile, and afterwards the view equals a from-scratch recompute.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class MatchmakerFaultTest {


    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    static double retries() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("amhub_matchmaker_consumer_retries_total"))
                .map(l -> l.split(" # ", 2)[0]) // an OpenMetrics exemplar (trace id) may follow the value
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aProfileArrivingDuringADatabaseOutageIsAppliedAfterwardsAndTheViewConverges() throws Exception {
        String seeker = "outage-seeker-" + UUID.randomUUID().toString().substring(0, 6);
        String offerer = "outage-offerer-" + UUID.randomUUID().toString().substring(0, 6);
        HubProfile offering = profile(offerer, 1, List.of(new TopicClaim("semiconductors", "wafer fab pilot line", "q")), List.of(), "q");
        send(offering);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/matches?hub=" + offerer).then().statusCode(200));

        String database = URI.create(jdbcUrl.substring("jdbc:".length())).getPath().substring(1);
        String maintenanceUrl = jdbcUrl.replace("/" + database, "/postgres");
        double before = retries();
        try (Connection admin = DriverManager.getConnection(maintenanceUrl, user, password.orElse(""));
             Statement sql = admin.createStatement()) {
            try {
                sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                        + "' AND pid <> pg_backend_pid()");
                send(profile(seeker, 1, List.of(), List.of(new TopicClaim("semiconductors", "access to a wafer fab", "q")), "q"));
                await().atMost(Duration.ofSeconds(60)).until(() -> retries() >= before + 2);
                given().get("/q/health/ready").then().statusCode(503);
            } finally {
                sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/matches?hub=" + seeker).then()
                .statusCode(200).body("collect { it.hubA.slug == '" + seeker + "' ? it.hubB.slug : it.hubA.slug }", hasItem(offerer)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        try (TopicReader deadLetters = new TopicReader(HubTopics.HUB_PROFILES + ".dlq")) {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> deadLetters.recordsWithKey(id(seeker).toString()).isEmpty());
        }
        // Converges: the check may first meet a catch-up still under way on a loaded machine, never a lasting difference.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(Tokens.admin())
                .get("/api/admin/consistency").then().log().ifValidationFails().statusCode(200)
                .body("consistent", equalTo(true)).body("exact", equalTo(true)));
        assertThat(retries() - before).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndTheNextOneStillApplies() throws Exception {
        String key = UUID.randomUUID().toString();
        TopicReader.send(HubTopics.HUB_PROFILES, key, "{not json");
        String after = "after-poison-" + UUID.randomUUID().toString().substring(0, 6);
        send(profile(after, 1, List.of(new TopicClaim("robotics", "welding cells", "q")), List.of(), "q"));
        try (TopicReader deadLetters = new TopicReader(HubTopics.HUB_PROFILES + ".dlq")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetters.recordsWithKey(key).isEmpty());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/matches?hub=" + after).then().statusCode(200));

        // The admin sees the letter with its reason; replaying it fails again (still unreadable) and it stays pending.
        String poisonId = await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/admin/dead-letters").then()
                .statusCode(200).extract().jsonPath().getString("find { it.key == '" + key + "' }.id"), java.util.Objects::nonNull);
        admin().post("/api/admin/dead-letters/" + poisonId + "/replay").then().statusCode(422);
        admin().queryParam("status", "PENDING").get("/api/admin/dead-letters").then().body("id", hasItem(poisonId));

        // A letter that is readable now (say, dead-lettered by an older version) is applied once by a replay.
        String replayed = "replayed-" + UUID.randomUUID().toString().substring(0, 6);
        HubProfile profile = profile(replayed, 1, List.of(new TopicClaim("robotics", "welding cells", "q")), List.of(), "q");
        TopicReader.send(HubTopics.HUB_PROFILES + ".dlq", profile.id().toString(),
                mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile)));
        String letter = await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/admin/dead-letters").then()
                .extract().jsonPath().getString("find { it.key == '" + profile.id() + "' }.id"), java.util.Objects::nonNull);
        admin().post("/api/admin/dead-letters/" + letter + "/replay").then().statusCode(200).body("status", equalTo("REPLAYED"));
        admin().post("/api/admin/dead-letters/" + letter + "/replay").then().statusCode(409);
        given().get("/api/matches?hub=" + replayed).then().statusCode(200);
        given().get("/api/admin/dead-letters").then().statusCode(401);
    }

    static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(Tokens.admin());
    }

    @Test
    void aChangeCommittedByAnotherInstanceReachesThisInstancesView() throws Exception {
        // Another instance applied a profile: its snapshot and its view_change row, committed in its own transaction.
        String slug = "other-instance-" + UUID.randomUUID().toString().substring(0, 6);
        HubProfile profile = profile(slug, 1, List.of(new TopicClaim("semiconductors", "wafer fab", "q")), List.of(), "q");
        given().get("/api/matches?hub=" + slug).then().statusCode(404);
        try (Connection other = DriverManager.getConnection(jdbcUrl, user, password.orElse(""))) {
            other.setAutoCommit(false);
            try (var snapshot = other.prepareStatement("INSERT INTO hub_snapshot (hub_id, slug, version, profile, updated_at) "
                    + "VALUES (?, ?, 1, CAST(? AS jsonb), now())");
                 var change = other.prepareStatement("INSERT INTO view_change (hub_id, kind) VALUES (?, 'PROFILE')")) {
                snapshot.setObject(1, profile.id());
                snapshot.setString(2, slug);
                snapshot.setString(3, mapper.writeValueAsString(profile));
                snapshot.executeUpdate();
                change.setObject(1, profile.id());
                change.executeUpdate();
            }
            other.commit();
        }
        // This instance catches up on its own (timer), without any Kafka record reaching it.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/matches?hub=" + slug).then().statusCode(200));
    }

    @Test
    void consistencyIsForAdminsOnly() {
        given().get("/api/admin/consistency").then().statusCode(401);
        given().auth().oauth2(Tokens.coordinator("alpha")).get("/api/admin/consistency")
                .then().statusCode(403);
    }

    void send(HubProfile profile) throws Exception {
        HubProfileChanged event = HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile);
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(), mapper.writeValueAsString(event));
    }
}
