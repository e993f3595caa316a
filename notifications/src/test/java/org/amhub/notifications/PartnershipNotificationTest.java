package org.amhub.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import org.amhub.events.partnership.PartnershipChangeKind;
import org.amhub.events.partnership.PartnershipChanged;
import org.amhub.events.partnership.PartnershipParty;
import org.amhub.events.partnership.PartnershipStage;
import org.amhub.events.partnership.PartnershipTopics;
import org.amhub.notifications.service.ProfileReviewReminders;
import org.amhub.notifications.webhook.WebhookSigner;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.amhub.testsupport.auth.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Partnership changes and reminders end to end: real Kafka, PostgreSQL, SMTP (GreenMail) and HTTP webhooks; one-click
 * unsubscribe through the link the email carries.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(SmtpServerResource.class)
class PartnershipNotificationTest {

    static WebhookReceiver receiver;

    @Inject
    ObjectMapper mapper;

    @Inject
    ProfileReviewReminders profileReviews;

    @Inject
    EntityManager entityManager;

    @BeforeAll
    static void startReceiver() {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static PartnershipParty party(String slug) {
        return new PartnershipParty(Fixtures.id(slug), slug, "Hub " + slug);
    }

    PartnershipChanged event(String a, String b, UUID partnershipId, PartnershipChangeKind kind, PartnershipStage stage,
                             PartnershipStage previous, String note) {
        return new PartnershipChanged(UUID.randomUUID(), PartnershipChanged.SCHEMA_VERSION, Instant.now(), 1, partnershipId,
                UUID.randomUUID().toString(), party(a), party(b), stage, previous, kind, note, "Draft the MoU",
                LocalDate.of(2027, 2, 1), a + "-coordinator");
    }

    String send(PartnershipChanged event) throws Exception {
        String json = mapper.writeValueAsString(event);
        TopicReader.send(PartnershipTopics.PARTNERSHIPS, event.partnershipId().toString(), json);
        return json;
    }

    static String header(MimeMessage message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null ? null : values[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPartnershipChangeReachesBothHubsOnceByFeedEmailAndWebhook() throws Exception {
        String a = Fixtures.unique("michigan"), b = Fixtures.unique("ulsan");
        String mailA = a + "@example.org", mailB = b + "@example.org";
        Fixtures fixtures = new Fixtures(mapper);
        fixtures.hub(a, mailA);
        fixtures.hub(b, mailB);
        // The server generates the signing secret and shows it once, in this answer.
        String secret = Fixtures.admin().contentType(ContentType.JSON)
                .body(Map.of("webhookUrl", receiver.url("/" + a), "deliveryMode", "DAILY_DIGEST"))
                .post("/api/hubs/" + a + "/subscriptions").then().statusCode(201).extract().path("webhookSecret");

        PartnershipChanged moved = event(a, b, UUID.randomUUID(), PartnershipChangeKind.STAGE_CHANGED,
                PartnershipStage.AGREEMENT_SIGNED, PartnershipStage.IN_DISCUSSION, "MoU signed in Detroit");
        String json = send(moved);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().auth().oauth2(Tokens.admin()).get("/api/hubs/" + a + "/notifications").then().statusCode(200)
                    .body("findAll { it.kind == 'partnership' }", hasSize(1))
                    .body("find { it.kind == 'partnership' }.text",
                            equalTo("Partnership with Hub " + b + " moved to Agreement signed: MoU signed in Detroit (next step: Draft the MoU, due 2027-02-01)"))
                    .body("find { it.kind == 'partnership' }.link", equalTo("http://localhost:8080/hubs/" + a));
            given().auth().oauth2(Tokens.admin()).get("/api/hubs/" + b + "/notifications").then().statusCode(200)
                    .body("findAll { it.kind == 'partnership' }", hasSize(1))
                    .body("find { it.kind == 'partnership' }.text", containsString("Partnership with Hub " + a + " moved to Agreement signed"));
        });
        // Partnership changes go out at once, even on a digest subscription.
        await().atMost(Duration.ofSeconds(90)).until(() -> NotificationFlowTest.mailsTo(mailA).size() == 1
                && NotificationFlowTest.mailsTo(mailB).size() == 1 && receiver.callsTo("/" + a).size() == 1);

        MimeMessage mail = NotificationFlowTest.mailsTo(mailA).get(0);
        String content = NotificationFlowTest.content(mail);
        assertThat(mail.getSubject()).contains("Hub " + a).contains("Hub " + b);
        assertThat(content).contains("MoU signed in Detroit").contains("http://localhost:8080/hubs/" + a);
        assertThat(header(mail, "List-Unsubscribe")).matches("<https?://[^>]+/api/unsubscribe\\?token=[A-Za-z0-9_.-]+>");
        assertThat(header(mail, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");

        WebhookReceiver.Call call = receiver.callsTo("/" + a).get(0);
        assertThat(call.headers().get("webhook-signature")).isEqualTo(WebhookSigner.sign(secret, call.headers().get("webhook-id"),
                Long.parseLong(call.headers().get("webhook-timestamp")), call.body()));
        assertThat(mapper.readTree(call.body()).get("type").asText()).isEqualTo("partnership.changed");
        assertThat(mapper.readTree(call.body()).at("/partnership/stage").asText()).isEqualTo("AGREEMENT_SIGNED");
        assertThat(mapper.readTree(call.body()).get("link").asText()).isEqualTo("http://localhost:8080/hubs/" + a);

        // The same event again: nothing new for anyone.
        TopicReader.send(PartnershipTopics.PARTNERSHIPS, moved.partnershipId().toString(), json);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                NotificationFlowTest.mailsTo(mailA).size() == 1 && NotificationFlowTest.mailsTo(mailB).size() == 1
                        && receiver.callsTo("/" + a).size() == 1);
        given().auth().oauth2(Tokens.admin()).get("/api/hubs/" + a + "/notifications").then().body("findAll { it.kind == 'partnership' }", hasSize(1));
    }

    @Test
    void oneClickUnsubscribeStopsTheSubscriptionAndForgedTokensAreRefused() throws Exception {
        String a = Fixtures.unique("lombardy"), b = Fixtures.unique("qatar");
        String mailA = a + "@example.org";
        Fixtures fixtures = new Fixtures(mapper);
        fixtures.hub(a, mailA);
        fixtures.hub(b, null);
        UUID partnershipId = UUID.randomUUID();
        send(event(a, b, partnershipId, PartnershipChangeKind.OPENED, PartnershipStage.INTRODUCED, null, null));
        await().atMost(Duration.ofSeconds(90)).until(() -> NotificationFlowTest.mailsTo(mailA).size() == 1);

        String link = header(NotificationFlowTest.mailsTo(mailA).get(0), "List-Unsubscribe");
        String token = link.substring(link.indexOf("token=") + "token=".length(), link.length() - 1);
        URI.create(link.substring(1, link.length() - 1)); // a well-formed URL

        // A forged or damaged token is a 400 problem, on both methods; the subscription stays.
        String forged = token.substring(0, token.indexOf('.') + 1) + "AAAA" + token.substring(token.indexOf('.') + 5);
        given().queryParam("token", forged).post("/api/unsubscribe").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("token"));
        given().queryParam("token", forged).get("/api/unsubscribe").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("token", "not-a-token").post("/api/unsubscribe").then().statusCode(400);
        given().post("/api/unsubscribe").then().statusCode(400);

        // The page asks first (a GET changes nothing); the one-click POST, as mail clients send it, unsubscribes.
        given().queryParam("token", token).get("/api/unsubscribe").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<form method=\"post\"")).body(containsString("Hub " + a));
        given().auth().oauth2(Tokens.coordinator(a)).get("/api/hubs/" + a + "/subscriptions").then()
                .body("find { it.isDefault }.emails", hasSize(1));
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click").queryParam("token", token)
                .post("/api/unsubscribe").then().statusCode(200).body(containsString("You are unsubscribed"));
        given().queryParam("token", token).post("/api/unsubscribe").then().statusCode(200); // again: still fine
        given().auth().oauth2(Tokens.coordinator(a)).get("/api/hubs/" + a + "/subscriptions").then()
                .body("find { it.isDefault }.unsubscribedAt", org.hamcrest.Matchers.notNullValue());
        long recorded = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM unsubscribe WHERE hub_id = :hub").setParameter("hub", Fixtures.id(a))
                .getSingleResult()).longValue());
        assertThat(recorded).isEqualTo(1);

        // The next change still reaches the feed, but no email goes to the unsubscribed address.
        send(event(a, b, partnershipId, PartnershipChangeKind.NOTE_ADDED, PartnershipStage.INTRODUCED, null, "First call booked"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(Tokens.admin()).get("/api/hubs/" + a + "/notifications").then()
                .body("findAll { it.kind == 'partnership' }", hasSize(2)));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> NotificationFlowTest.mailsTo(mailA).size() == 1);
    }

    @Test
    void anUnreadablePartnershipRecordGoesToTheDeadLetterTopic() throws Exception {
        try (TopicReader deadLetters = new TopicReader(PartnershipTopics.PARTNERSHIPS + ".notifications-dlq")) {
            String key = UUID.randomUUID().toString();
            TopicReader.send(PartnershipTopics.PARTNERSHIPS, key, "{\"kind\": \"OPENED\"");
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.records().stream().anyMatch(r -> key.equals(r.key())));
        }
    }

    @Test
    void aHubWhoseProfileStandsStillIsAskedToReviewItOncePerPeriod() throws Exception {
        String hub = Fixtures.unique("tamil-nadu"), mail = hub + "@example.org";
        new Fixtures(mapper).hub(hub, mail);
        age(hub, "profile_changed_at", 7);

        profileReviews.remindAll();
        profileReviews.remindAll(); // within the period: nothing more

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(Tokens.admin()).get("/api/hubs/" + hub + "/notifications").then()
                .body("findAll { it.kind == 'profile-review' }", hasSize(1))
                .body("find { it.kind == 'profile-review' }.text", containsString("Hub " + hub + "'s profile has not changed since")));
        await().atMost(Duration.ofSeconds(90)).until(() -> NotificationFlowTest.mailsTo(mail).size() == 1);
        MimeMessage reminder = NotificationFlowTest.mailsTo(mail).get(0);
        assertThat(reminder.getSubject()).contains("review");
        assertThat(NotificationFlowTest.content(reminder)).contains("http://localhost:8080/hubs/" + hub);
        assertThat(header(reminder, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");

        // A period after the reminder, still unchanged: asked again.
        age(hub, "profile_reminded_at", 7);
        profileReviews.remindAll();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(Tokens.admin()).get("/api/hubs/" + hub + "/notifications").then()
                .body("findAll { it.kind == 'profile-review' }", hasSize(2)));
    }

    /** Moves a timestamp of a hub {@code months} months into the past. */
    void age(String slug, String column, int months) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("UPDATE hub_contact SET " + column
                        + " = now() - make_interval(months => :months) WHERE hub_id = :id")
                .setParameter("months", months).setParameter("id", Fixtures.id(slug)).executeUpdate());
    }
}
