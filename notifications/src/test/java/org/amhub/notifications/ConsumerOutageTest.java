package org.amhub.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.amhub.events.match.MatchTopics;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/** A transient failure is not poison: through a real database outage a suggestion waits, then arrives, undead-lettered. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(SmtpServerResource.class)
class ConsumerOutageTest {

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    java.util.Optional<String> password;

    @Test
    void aSuggestionArrivingDuringADatabaseOutageIsRetriedAndDeliveredAndNeverDeadLettered() throws Exception {
        Fixtures fixtures = new Fixtures(mapper);
        String hub = Fixtures.unique("outage");
        fixtures.hub(hub, null);
        String database = URI.create(jdbcUrl.substring("jdbc:".length())).getPath().substring(1);
        String maintenanceUrl = jdbcUrl.replace("/" + database, "/postgres");
        String partner = Fixtures.unique("partner");
        String matchId;
        double retriesBefore = Fixtures.metric("amhub_notifications_consumer_retries_total", "match-suggestions");
        try (Connection admin = DriverManager.getConnection(maintenanceUrl, user, password.orElse("")); Statement sql = admin.createStatement()) {
            try {
                // The database refuses new connections and drops the service's open ones: a real outage.
                sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "' AND pid <> pg_backend_pid()");
                matchId = fixtures.suggestion(hub, partner, 0.5);
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        Fixtures.metric("amhub_notifications_consumer_retries_total", "match-suggestions") >= retriesBefore + 3);
            } finally {
                sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                Fixtures.admin().get("/api/hubs/" + hub + "/notifications").then().statusCode(200).body("partnerSlug", hasItem(partner)));
        try (TopicReader deadLetters = new TopicReader(MatchTopics.MATCH_SUGGESTIONS + ".notifications-dlq")) {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> deadLetters.recordsWithKey(matchId).isEmpty());
        }
        double retries = Fixtures.metric("amhub_notifications_consumer_retries_total", "match-suggestions") - retriesBefore;
        System.out.printf("ConsumerOutageTest: suggestion processed after %.0f transient retries, 0 dead letters%n", retries);
        assertThat(retries).isGreaterThanOrEqualTo(3);
    }
}
