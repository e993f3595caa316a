package org.amhub.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.amhub.testsupport.RealInfrastructureResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.amhub.notifications.Fixtures.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Deliveries are claimed with a lease, sent outside transactions, recorded after: against a real, misbehaving receiver. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(SmtpServerResource.class)
class DeliveryReliabilityTest {

    static WebhookReceiver receiver;

    @Inject
    ObjectMapper mapper;

    @Inject
    org.amhub.notifications.service.DigestService digests;

    @Inject
    org.amhub.notifications.service.SingletonJobs jobs;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @BeforeAll
    static void startReceiver() {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.holdByPath.values().forEach(CountDownLatch::countDown);
            receiver.close();
        }
    }

    String hubWithWebhook(String path) throws Exception {
        String hub = Fixtures.unique("hub");
        new Fixtures(mapper).hub(hub, null);
        admin().contentType(ContentType.JSON)
                .body(Map.of("webhookUrl", receiver.url(path), "deliveryMode", "IMMEDIATE"))
                .post("/api/hubs/" + hub + "/subscriptions").then().statusCode(201);
        return hub;
    }

    static JsonPath deliveries(String hub) {
        return admin().get("/api/hubs/" + hub + "/deliveries").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aHangingReceiverHoldsUpNoOtherDelivery() throws Exception {
        String slowPath = "/slow-" + Fixtures.unique("p"), fastPath = "/fast-" + Fixtures.unique("p");
        CountDownLatch fastArrived = new CountDownLatch(1);
        receiver.holdByPath.put(slowPath, fastArrived); // the slow receiver answers only once the fast one got its call
        String slow = hubWithWebhook(slowPath), fast = hubWithWebhook(fastPath);
        Fixtures fixtures = new Fixtures(mapper);
        fixtures.suggestion(slow, Fixtures.unique("partner"), 0.5);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.callsTo(slowPath).size() == 1);
        fixtures.suggestion(fast, Fixtures.unique("partner"), 0.5);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.callsTo(fastPath).size() == 1);
        fastArrived.countDown();
        // Had the fast call waited for the slow one, the slow call would have timed out first (a FAILED attempt).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(deliveries(slow).getString("[0].status")).isEqualTo("SENT");
            assertThat(deliveries(fast).getString("[0].status")).isEqualTo("SENT");
        });
        assertThat(deliveries(slow).getInt("[0].attempts")).isEqualTo(1);
        assertThat(receiver.callsTo(slowPath)).hasSize(1);
        assertThat(receiver.callsTo(fastPath)).hasSize(1);
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsRetriedUnderTheSameIdAndSentOnce() throws Exception {
        String path = "/stall-" + Fixtures.unique("p");
        receiver.holdByPath.put(path, new CountDownLatch(1)); // never released: the first call hangs past the timeout
        receiver.firstCallOnly.add(path);
        String hub = hubWithWebhook(path);
        new Fixtures(mapper).suggestion(hub, Fixtures.unique("partner"), 0.5);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(deliveries(hub).getString("[0].status")).isEqualTo("SENT"));
        assertThat(deliveries(hub).getInt("[0].attempts")).isEqualTo(2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.callsTo(path).size() == 2);
        assertThat(receiver.callsTo(path)).extracting(c -> c.headers().get("webhook-id")).containsOnly(deliveries(hub).getString("[0].id"));
    }

    @Test
    void aFailingReceiverIsRetriedWithAttemptsCountingUpOneCallPerAttempt() throws Exception {
        String path = "/error-" + Fixtures.unique("p");
        receiver.failFirst.put(path, 2); // HTTP 500 twice, then 204
        String hub = hubWithWebhook(path);
        new Fixtures(mapper).suggestion(hub, Fixtures.unique("partner"), 0.5);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(deliveries(hub).getString("[0].status")));
        assertThat(deliveries(hub).getInt("[0].attempts")).isEqualTo(3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.callsTo(path).size() == 3);
        assertThat(receiver.callsTo(path)).extracting(c -> c.headers().get("webhook-id")).containsOnly(deliveries(hub).getString("[0].id"));
        System.out.printf("DeliveryReliabilityTest: HTTP 500 x2 then 204 -> SENT after %d attempts, %d calls%n",
                deliveries(hub).getInt("[0].attempts"), receiver.callsTo(path).size());
    }

    @Test
    void aDeletedSubscriptionsDeliveriesAreCancelledAndNeverSent() throws Exception {
        String path = "/deleted-" + Fixtures.unique("p");
        receiver.statusByPath.put(path, 503);
        String hub = hubWithWebhook(path);
        String subscription = admin().get("/api/hubs/" + hub + "/subscriptions").then().extract().jsonPath()
                .getString("find { !it.isDefault }.id");
        new Fixtures(mapper).suggestion(hub, Fixtures.unique("partner"), 0.5);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.callsTo(path).size() >= 1);
        admin().delete("/api/hubs/" + hub + "/subscriptions/" + subscription).then().statusCode(204);
        receiver.statusByPath.put(path, 204);
        int calls = receiver.callsTo(path).size();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries(hub).getString("[0].status")).isEqualTo("CANCELLED"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.callsTo(path).size() <= calls + 1);
        assertThat(deliveries(hub).getString("[0].status")).isEqualTo("CANCELLED");
    }

    @Test
    void aLeaseHeldByACrashedWorkerKeepsTheDeliveryUntilItRunsOut() throws Exception {
        String path = "/lease-" + Fixtures.unique("p");
        String hub = hubWithWebhook(path);
        new Fixtures(mapper).suggestion(hub, Fixtures.unique("partner"), 0.5);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(deliveries(hub).getString("[0].status")));
        String id = deliveries(hub).getString("[0].id");
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password.orElse("")); Statement sql = db.createStatement()) {
            // Due again, and claimed by a worker that then died: its lease still runs for an hour.
            sql.executeUpdate("UPDATE delivery SET status = 'PENDING', sent_at = NULL, lease_until = now() + interval '1 hour', "
                    + "claimed_by = 'crashed-worker', next_attempt_at = now() WHERE id = '" + id + "'");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.callsTo(path).size() == 1);
            sql.executeUpdate("UPDATE delivery SET lease_until = now() - interval '1 second' WHERE id = '" + id + "'");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(deliveries(hub).getString("[0].status")) && receiver.callsTo(path).size() == 2);
        assertThat(deliveries(hub).getInt("[0].attempts")).isEqualTo(2);
        assertThat(receiver.callsTo(path)).extracting(c -> c.headers().get("webhook-id")).containsOnly(id);
    }

    @Test
    void operatorsSeeTheBacklogDeadLettersAndConsumerState() {
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("amhub_notifications_deliveries_due", "amhub_notifications_deliveries_oldest_due_age_seconds",
                "amhub_notifications_consumer_retrying_seconds", "amhub_dead_letters_pending", "amhub_notifications_feed_streams",
                "amhub_notifications_webhook_circuits_open");
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'deliveries' }.data.due", org.hamcrest.Matchers.notNullValue())
                .body("checks.find { it.name == 'dead-letters' }.status", equalTo("UP"));
        System.out.println("DeliveryReliabilityTest: consumer lag metrics exposed: " + metrics.contains("records_lag"));
    }

    @Test
    void twoConcurrentDigestRunsSendEachDigestOnceAndASingletonJobRunsOnOneCallerAtATime() throws Exception {
        String path = "/digest-once-" + Fixtures.unique("p");
        CountDownLatch release = new CountDownLatch(1);
        receiver.holdByPath.put(path, release);
        String hub = Fixtures.unique("digest");
        Fixtures fixtures = new Fixtures(mapper);
        fixtures.hub(hub, null);
        admin().contentType(ContentType.JSON)
                .body(Map.of("webhookUrl", receiver.url(path), "deliveryMode", "DAILY_DIGEST"))
                .post("/api/hubs/" + hub + "/subscriptions").then().statusCode(201);
        fixtures.suggestion(hub, Fixtures.unique("partner"), 0.5);
        fixtures.suggestion(hub, Fixtures.unique("partner"), 0.6);
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(hub).getList("").size() == 2);

        java.util.concurrent.CompletableFuture<Integer> first = java.util.concurrent.CompletableFuture.supplyAsync(digests::sendDigests);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.callsTo(path).size() == 1); // the first run is mid-send
        int second = digests.sendDigests(); // finds the items leased: sends nothing
        release.countDown();
        assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS) + second).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries(hub).getList("status")).containsOnly("SENT"));
        assertThat(receiver.callsTo(path)).hasSize(1);

        CountDownLatch holding = new CountDownLatch(1), done = new CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Boolean> holder = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                jobs.runExclusively("test-job", () -> {
                    holding.countDown();
                    try {
                        done.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertThat(holding.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(jobs.runExclusively("test-job", () -> { })).isFalse(); // another "instance" holds the lock
        done.countDown();
        assertThat(holder.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(jobs.runExclusively("test-job", () -> { })).isTrue();
    }
}
