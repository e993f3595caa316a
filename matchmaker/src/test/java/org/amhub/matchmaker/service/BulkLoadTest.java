package org.amhub.matchmaker.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.match.MatchChange;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.match.MatchTopics;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.amhub.matchmaker.service.BatchConsumptionTest.claim;
import static org.amhub.matchmaker.service.BatchConsumptionTest.metric;
import static org.amhub.matchmaker.service.BatchConsumptionTest.unique;
import static org.amhub.matchmaker.service.MatchmakerFlowTest.id;
import static org.amhub.matchmaker.service.MatchmakerFlowTest.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bulk path, against the real Kafka and PostgreSQL (backlogs made small here): polls of a backlog are stored
 * without ranking, then ranked once when the consumer is quiet, so each pair is stored and announced once; and hubs
 * an instance stored but never ranked (it stopped mid-backlog) are taken over by a live one.
 */
@QuarkusTest
@TestProfile(BulkLoadTest.SmallBacklogs.class)
@WithTestResource(RealInfrastructureResource.class)
class BulkLoadTest {

    public static class SmallBacklogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("amhub.matchmaker.bulk.min-batch", "10", "amhub.matchmaker.bulk.take-over-after", "1s");
        }
    }

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    Map.Entry<String, String> change(HubProfile profile) throws Exception {
        return new AbstractMap.SimpleEntry<>(profile.id().toString(),
                mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile)));
    }

    /** How many of these hubs are still marked unsettled. */
    long unsettled(List<UUID> hubs) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password.orElse(""));
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM unsettled_hub WHERE hub_id = ANY(?)")) {
            query.setArray(1, db.createArrayOf("uuid", hubs.toArray()));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    long count(String query) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password.orElse(""));
             PreparedStatement select = db.prepareStatement(query);
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    void sql(String statement, Object... parameters) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password.orElse(""));
             PreparedStatement update = db.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    static List<String> partners(String hub) {
        return given().get("/api/matches?hub=" + hub + "&limit=50").then().statusCode(200).extract().jsonPath()
                .getList("collect { it.hubA.slug == '" + hub + "' ? it.hubB.slug : it.hubA.slug }");
    }

    @Test
    void aBacklogIsStoredPollByPollThenRankedOnceAndEachPairIsAnnouncedOnce() throws Exception {
        String[] topics = {"semiconductors", "hydrogen-mobility", "robotics", "textiles", "aerospace"};
        String[] subjects = {"wafers", "ferries", "welding", "looms", "turbines", "sensors", "batteries", "drones",
                "castings", "lasers"};
        List<String[]> pairs = new ArrayList<>();
        List<Map.Entry<String, String>> backlog = new ArrayList<>();
        List<UUID> hubs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String seeker = unique("bulk-seeker" + i), offerer = unique("bulk-offerer" + i);
            pairs.add(new String[]{seeker, offerer});
            hubs.add(id(seeker));
            hubs.add(id(offerer));
            String topic = topics[i % topics.length];
            backlog.add(change(profile(offerer, 1, List.of(claim(topic, subjects[i] + " pilot line")), List.of(), "q")));
            backlog.add(change(profile(seeker, 1, List.of(), List.of(claim(topic, "testing " + subjects[i])), "q")));
        }
        // A committed suggestion has version 1 or more: an UPDATE of one at version 0 patches a row the same
        // transaction inserted incomplete, a second write of every new pair
        sql("CREATE TABLE IF NOT EXISTS test_suggestion_patched (match_id text)");
        sql("CREATE OR REPLACE FUNCTION test_note_patched() RETURNS trigger LANGUAGE plpgsql AS $$ "
                + "BEGIN INSERT INTO test_suggestion_patched VALUES (NEW.match_id); RETURN NULL; END $$");
        sql("CREATE TRIGGER test_suggestion_patched AFTER UPDATE ON match_suggestion FOR EACH ROW "
                + "WHEN (OLD.suggestion_version = 0) EXECUTE FUNCTION test_note_patched()");
        try {
            settleABacklog(pairs, backlog, hubs);
            assertThat(count("SELECT count(*) FROM test_suggestion_patched")).as("new pairs written twice").isZero();
        } finally {
            sql("DROP TRIGGER test_suggestion_patched ON match_suggestion");
            sql("DROP TABLE test_suggestion_patched");
        }
    }

    private void settleABacklog(List<String[]> pairs, List<Map.Entry<String, String>> backlog, List<UUID> hubs)
            throws Exception {
        double appliedBefore = BatchConsumptionTest.applied();
        double stagedBefore = metric("amhub_matchmaker_bulk_staged_records_total");
        double settlesBefore = metric("amhub_matchmaker_bulk_settle_seconds_count");
        try (TopicReader suggestions = new TopicReader(MatchTopics.MATCH_SUGGESTIONS)) {
            TopicReader.sendTogether(HubTopics.HUB_PROFILES, 0, backlog);
            await().atMost(Duration.ofSeconds(60)).until(() -> BatchConsumptionTest.applied() >= appliedBefore + backlog.size());
            assertThat(metric("amhub_matchmaker_bulk_staged_records_total") - stagedBefore)
                    .as("records stored without ranking").isGreaterThanOrEqualTo(10);
            await().atMost(Duration.ofSeconds(60)).until(() -> metric("amhub_matchmaker_bulk_settle_seconds_count") > settlesBefore);
            await().atMost(Duration.ofSeconds(30)).until(() -> unsettled(hubs) == 0);

            for (String[] pair : pairs) {
                assertThat(partners(pair[0])).as(pair[0]).contains(pair[1]);
            }
            IndexedReconciliationTest.awaitStoredEqualsLive();
            for (String[] pair : pairs) {
                String matchId = MatchService.matchId(id(pair[0]), id(pair[1]));
                List<MatchSuggested> told = await().atMost(Duration.ofSeconds(30))
                        .until(() -> MatchmakerFlowTest.events(mapper, suggestions, matchId), list -> !list.isEmpty());
                assertThat(told).as(matchId).extracting(MatchSuggested::change).containsExactly(MatchChange.APPEARED);
            }
        }
    }

    @Test
    void hubsAnotherInstanceStoredButNeverRankedAreTakenOver() throws Exception {
        String seeker = unique("takeover-seeker"), offerer = unique("takeover-offerer");
        TopicReader.send(HubTopics.HUB_PROFILES, id(offerer).toString(), change(profile(offerer, 1,
                List.of(claim("blockchain-cybersecurity", "secure OT networks lab")), List.of(), "q")).getValue());
        TopicReader.send(HubTopics.HUB_PROFILES, id(seeker).toString(), change(profile(seeker, 1,
                List.of(), List.of(claim("blockchain-cybersecurity", "secure OT networks")), "q")).getValue());
        // Until the seeker is applied its list answers 404: retried like any other unmet assertion
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(partners(seeker)).contains(offerer));

        // As an instance that stopped between storing the seeker's profile and storing its suggestions leaves it
        String matchId = MatchService.matchId(id(seeker), id(offerer));
        sql("UPDATE match_suggestion SET rank_a = 0, rank_b = 0 WHERE match_id = ?", matchId);
        sql("INSERT INTO unsettled_hub (hub_id, staged_at) VALUES (?, now() - interval '1 hour')", id(seeker));
        await().atMost(Duration.ofSeconds(30)).until(() -> unsettled(List.of(id(seeker))) == 0);
        assertThat(partners(seeker)).contains(offerer);
        IndexedReconciliationTest.awaitStoredEqualsLive();
    }
}
