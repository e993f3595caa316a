package org.amhub.matchmaker.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.hub.TopicClaim;
import org.amhub.events.match.MatchChange;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.match.MatchTopics;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.amhub.testsupport.auth.Tokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The consumer applies a poll's records in one transaction, against the real Kafka and PostgreSQL: a burst that was on
 * the topic before the consumer polled is applied in fewer transactions than records and ends where applying the
 * records one by one would; a poison record in the middle of a poll goes to the dead-letter topic alone; a database
 * outage during a batch is waited out and loses nothing.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class BatchConsumptionTest {

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** The sum of a metric's samples (all tags) from the service's Prometheus page. */
    static double metric(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .map(l -> l.split(" # ", 2)[0]) // an OpenMetrics exemplar (trace id) may follow the value
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static double applied() {
        return metric("amhub_matchmaker_records_applied_total");
    }

    static double transactions() {
        return metric("amhub_matchmaker_batch_records_count");
    }

    Map.Entry<String, String> change(HubProfile profile) throws Exception {
        return new AbstractMap.SimpleEntry<>(profile.id().toString(),
                mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile)));
    }

    static Map.Entry<String, String> tombstone(String slug) {
        return new AbstractMap.SimpleEntry<>(id(slug).toString(), null);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    static TopicClaim claim(String topic, String text) {
        return new TopicClaim(topic, text, "q");
    }

    long storedVersion(String slug) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password.orElse(""));
             PreparedStatement query = db.prepareStatement("SELECT version FROM hub_snapshot WHERE hub_id = ?")) {
            query.setObject(1, id(slug));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : -1;
            }
        }
    }

    List<MatchSuggested> events(TopicReader reader, String matchId) {
        return MatchmakerFlowTest.events(mapper, reader, matchId);
    }

    static void awaitConsistent() {
        // Exact mode: the live view, a from-scratch recompute over the stored profiles (what applying the records one
        // by one gives, in any order) and the stored suggestions all agree.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(Tokens.admin())
                .get("/api/admin/consistency").then().log().ifValidationFails().statusCode(200)
                .body("consistent", equalTo(true)).body("exact", equalTo(true)));
    }

    @Test
    void aBurstOnTheTopicIsAppliedInFewerTransactionsThanRecordsAndEndsAsOneByOne() throws Exception {
        List<Map.Entry<String, String>> burst = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        String[] topics = {"semiconductors", "hydrogen-mobility", "robotics", "textiles"};
        for (int i = 0; i < 4; i++) {
            String seeker = unique("burst-seeker" + i), offerer = unique("burst-offerer" + i);
            pairs.add(new String[]{seeker, offerer});
            burst.add(change(profile(offerer, 1, List.of(claim(topics[i], "pilot line " + i)), List.of(), "q")));
            burst.add(change(profile(seeker, 1, List.of(), List.of(claim(topics[i], "access to a pilot line " + i)), "q")));
        }
        // One hub in several versions, the last record a stale one: version 3 wins, as one by one
        String versioned = unique("burst-versions");
        burst.add(change(profile(versioned, 1, List.of(claim("robotics", "welding cells")), List.of(), "q")));
        burst.add(change(profile(versioned, 3, List.of(claim("robotics", "welding cells v3")), List.of(), "q")));
        burst.add(change(profile(versioned, 2, List.of(claim("robotics", "welding cells v2")), List.of(), "q")));
        burst.add(change(profile(versioned, 3, List.of(claim("robotics", "welding cells v3")), List.of(), "q")));
        // One hub that comes and goes within the burst: nothing stored, nothing told
        String fleeting = unique("burst-gone");
        burst.add(change(profile(fleeting, 1, List.of(claim("chemicals", "specialty chemicals")), List.of(), "q")));
        burst.add(tombstone(fleeting));

        double appliedBefore = applied(), transactionsBefore = transactions();
        try (TopicReader suggestions = new TopicReader(MatchTopics.MATCH_SUGGESTIONS)) {
            TopicReader.sendTogether(HubTopics.HUB_PROFILES, 0, burst);
            await().atMost(Duration.ofSeconds(60)).until(() -> applied() >= appliedBefore + burst.size());
            assertThat(applied() - appliedBefore).isEqualTo(burst.size());
            assertThat(transactions() - transactionsBefore).isGreaterThanOrEqualTo(1).isLessThan(burst.size());

            for (String[] pair : pairs) {
                given().get("/api/matches?hub=" + pair[0]).then().statusCode(200)
                        .body("collect { it.hubA.slug == '" + pair[0] + "' ? it.hubB.slug : it.hubA.slug }", hasItem(pair[1]));
                String matchId = MatchService.matchId(id(pair[0]), id(pair[1]));
                List<MatchSuggested> told = await().atMost(Duration.ofSeconds(30))
                        .until(() -> events(suggestions, matchId), list -> !list.isEmpty());
                assertThat(told.get(0).change()).isEqualTo(MatchChange.APPEARED);
            }
            assertThat(storedVersion(versioned)).isEqualTo(3);
            assertThat(storedVersion(fleeting)).isEqualTo(-1);
            given().get("/api/matches?hub=" + fleeting).then().statusCode(404);
            assertThat(suggestions.records()).noneMatch(r -> r.value() != null && r.value().contains(id(fleeting).toString()));
        }
        awaitConsistent();
    }

    @Test
    void aPoisonRecordInTheMiddleOfAPollGoesToTheDeadLetterTopicAloneAndItsNeighboursApply() throws Exception {
        String before = unique("poll-before"), after = unique("poll-after");
        String poisonKey = UUID.randomUUID().toString();
        List<Map.Entry<String, String>> poll = List.of(
                change(profile(before, 1, List.of(claim("robotics", "welding cells")), List.of(), "q")),
                new AbstractMap.SimpleEntry<>(poisonKey, "{not json"),
                change(profile(after, 1, List.of(), List.of(claim("robotics", "robot welding")), "q")));
        double appliedBefore = applied();
        TopicReader.sendTogether(HubTopics.HUB_PROFILES, 0, poll);

        try (TopicReader deadLetters = new TopicReader(HubTopics.HUB_PROFILES + ".dlq")) {
            List<ConsumerRecord<String, String>> letters = await().atMost(Duration.ofSeconds(60))
                    .until(() -> deadLetters.recordsWithKey(poisonKey), list -> !list.isEmpty());
            await().atMost(Duration.ofSeconds(60)).until(() -> applied() >= appliedBefore + 2);
            given().get("/api/matches?hub=" + before).then().statusCode(200);
            given().get("/api/matches?hub=" + after).then().statusCode(200);
            // The readable neighbours never reach the dead-letter topic
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    deadLetters.recordsWithKey(id(before).toString()).isEmpty() && deadLetters.recordsWithKey(id(after).toString()).isEmpty());

            // The letter carries the original value and SmallRye's dead-letter-* headers
            ConsumerRecord<String, String> letter = letters.get(0);
            assertThat(letters).hasSize(1);
            assertThat(letter.value()).isEqualTo("{not json");
            Map<String, String> headers = new HashMap<>();
            for (Header header : letter.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            assertThat(headers).containsEntry("dead-letter-topic", HubTopics.HUB_PROFILES)
                    .containsEntry("dead-letter-partition", "0")
                    .containsEntry("dead-letter-exception-class-name",
                            "org.amhub.matchmaker.messaging.HubProfileConsumer$PoisonRecordException")
                    .containsKeys("dead-letter-reason", "dead-letter-cause", "dead-letter-cause-class-name", "dead-letter-offset");
            assertThat(headers.get("dead-letter-reason")).contains("Unreadable hub-profile record");
        }
        // ... and the admin sees it as before (listing reads those headers)
        String letterId = await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.admin())
                .get("/api/admin/dead-letters").then().statusCode(200).extract().jsonPath()
                .getString("find { it.key == '" + poisonKey + "' }.id"), java.util.Objects::nonNull);
        given().auth().oauth2(Tokens.admin()).get("/api/admin/dead-letters").then()
                .body("find { it.id == '" + letterId + "' }.sourceTopic", equalTo(HubTopics.HUB_PROFILES));
    }

    @Test
    void aDatabaseOutageDuringABatchIsRetriedAndNothingIsLost() throws Exception {
        List<String> slugs = new ArrayList<>();
        List<Map.Entry<String, String>> batch = new ArrayList<>();
        // A topic no other test uses: the tests share one database, and six close hubs would crowd their lists
        for (int i = 0; i < 6; i++) {
            String slug = unique("outage-batch" + i);
            slugs.add(slug);
            batch.add(i % 2 == 0
                    ? change(profile(slug, 1, List.of(claim("chemicals", "specialty chemicals pilot plant " + i)), List.of(), "q"))
                    : change(profile(slug, 1, List.of(), List.of(claim("chemicals", "access to a specialty chemicals pilot plant " + i)), "q")));
        }
        String database = URI.create(jdbcUrl.substring("jdbc:".length())).getPath().substring(1);
        String maintenanceUrl = jdbcUrl.replace("/" + database, "/postgres");
        double retriesBefore = MatchmakerFaultTest.retries(), appliedBefore = applied();
        try (Connection admin = DriverManager.getConnection(maintenanceUrl, user, password.orElse(""));
             Statement sql = admin.createStatement()) {
            try {
                sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                        + "' AND pid <> pg_backend_pid()");
                TopicReader.sendTogether(HubTopics.HUB_PROFILES, 0, batch);
                await().atMost(Duration.ofSeconds(60)).until(() -> MatchmakerFaultTest.retries() >= retriesBefore + 2);
                assertThat(applied()).isEqualTo(appliedBefore);
            } finally {
                sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> applied() >= appliedBefore + batch.size());
        for (String slug : slugs) {
            given().get("/api/matches?hub=" + slug).then().statusCode(200);
            assertThat(storedVersion(slug)).isEqualTo(1);
        }
        try (TopicReader deadLetters = new TopicReader(HubTopics.HUB_PROFILES + ".dlq")) {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    slugs.stream().allMatch(slug -> deadLetters.recordsWithKey(id(slug).toString()).isEmpty()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        awaitConsistent();
    }
}
