package org.amhub.notifications;

import org.amhub.testsupport.auth.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.match.MatchChange;
import org.amhub.events.match.MatchParty;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.match.MatchTopics;
import org.amhub.notifications.service.DigestService;
import org.amhub.notifications.webhook.WebhookSigner;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/** End to end with real Kafka, PostgreSQL, SMTP (GreenMail) and HTTP (a JDK server receiving webhooks). */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(SmtpServerResource.class)
class NotificationFlowTest {

    static WebhookReceiver receiver;

    @Inject
    ObjectMapper mapper;

    @Inject
    DigestService digests;

    @BeforeAll
    static void startReceiver() {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static UUID id(String slug) {
        return UUID.nameUUIDFromBytes(slug.getBytes(StandardCharsets.UTF_8));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(Tokens.admin());
    }

    void hub(String slug, String contactEmail) throws Exception {
        HubProfile profile = new HubProfile(id(slug), slug, "Hub " + slug, "Country", "Region", List.of("Host"), contactEmail,
                null, List.of(), null, null, HubStatus.ACTIVE, List.of(), List.of(), List.of(), List.of(), 1, Instant.EPOCH, Instant.now());
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(),
                mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Fixtures.admin().get("/api/hubs/" + slug + "/notifications").then().statusCode(200));
    }

    String suggestion(String hub, String partner, double score) throws Exception {
        String matchId = UUID.randomUUID().toString();
        MatchSuggested event = new MatchSuggested(UUID.randomUUID(), MatchSuggested.SCHEMA_VERSION, Instant.now(), matchId, 1,
                MatchChange.APPEARED, new MatchParty(id(hub), hub, "Hub " + hub, 1),
                new MatchParty(id(partner), partner, "Hub " + partner, 0), score, List.of(), List.of("additive-manufacturing"),
                List.of("Hub " + hub + " seeks printed parts; Hub " + partner + " offers a network of 3D printers."),
                List.of(new org.amhub.events.match.Reason("complementarity",
                        "Hub " + hub + " seeks printed parts; Hub " + partner + " offers a network of 3D printers.", List.of(
                        new org.amhub.events.match.Reason.ClaimEvidence(hub, "Hub " + hub, "need", "additive-manufacturing",
                                "printed parts", "We are looking for printed spare parts", "2021 report, section " + hub),
                        new org.amhub.events.match.Reason.ClaimEvidence(partner, "Hub " + partner, "capability",
                                "additive-manufacturing", "3D printers", "a network of 300 3D printers", "Entered through the API")))));
        String json = mapper.writeValueAsString(event);
        TopicReader.send(MatchTopics.MATCH_SUGGESTIONS, matchId, json);
        return json;
    }

    static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(SmtpServerResource.smtp.getReceivedMessages()).filter(m -> {
            try {
                return Stream.of(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static String content(MimeMessage message) throws Exception {
        message.saveChanges();
        var out = new java.io.ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSuggestionBecomesOneEmailOneSignedWebhookAndOneFeedItemAndRedeliveryChangesNothing() throws Exception {
        String contact = "north-host@example.org";
        hub("north", contact);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(Tokens.coordinator("north"))
                .get("/api/hubs/north/subscriptions").then().statusCode(200).body("find { it.isDefault }.emails", hasItem(contact)));
        // The server generates the signing secret (Standard Webhooks form) and shows it in this answer only
        String secret = given().auth().oauth2(Tokens.coordinator("north")).contentType(ContentType.JSON)
                .body(Map.of("webhookUrl", receiver.url("/north"), "deliveryMode", "IMMEDIATE"))
                .post("/api/hubs/north/subscriptions").then().statusCode(201).body("webhookSecretSet", equalTo(true))
                .extract().path("webhookSecret");
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
        given().auth().oauth2(Tokens.coordinator("north")).get("/api/hubs/north/subscriptions").then().statusCode(200)
                .body(not(org.hamcrest.Matchers.containsString(secret))).body("webhookSecret", everyItem(org.hamcrest.Matchers.nullValue()));

        String partner = unique("south");
        String event = suggestion("north", partner, 0.42);

        await().atMost(Duration.ofSeconds(90)).until(() -> mailsTo(contact).size() == 1 && receiver.callsTo("/north").size() == 1);
        String mail = content(mailsTo(contact).get(0));
        assertThat(mail).contains("Hub " + partner).contains("offers a network of 3D printers").contains("http://localhost:8080/hubs/north");
        // Each reason quotes the evidence of both claims, with its source; the score reads as a percentage.
        assertThat(mail).contains("We are looking for printed spare parts").contains("2021 report, section north")
                .contains("a network of 300 3D printers").contains("42%");
        assertThat(mailsTo(contact).get(0).getSubject()).contains("Hub north").contains("Hub " + partner);

        WebhookReceiver.Call call = receiver.callsTo("/north").get(0);
        String expected = WebhookSigner.sign(secret, call.headers().get("webhook-id"), Long.parseLong(call.headers().get("webhook-timestamp")), call.body());
        assertThat(call.headers().get("webhook-signature")).isEqualTo(expected);
        assertThat(call.body()).contains("match.suggested").contains(partner).contains("\"explanations\"")
                .contains("We are looking for printed spare parts");
        Fixtures.admin().get("/api/hubs/north/notifications").then().body("partnerSlug", hasItem(partner))
                .body("find { it.partnerSlug == '" + partner + "' }.explanations[0].claims.evidence",
                        hasItem("a network of 300 3D printers"));

        // The same event again: the (hub, match, version) key is taken, so nothing new reaches anyone.
        TopicReader.send(MatchTopics.MATCH_SUGGESTIONS, mapper.readTree(event).get("matchId").asText(), event);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                mailsTo(contact).size() == 1 && receiver.callsTo("/north").size() == 1);
        Fixtures.admin().get("/api/hubs/north/notifications").then().body("findAll { it.partnerSlug == '" + partner + "' }", hasSize(1));
        admin().get("/api/hubs/north/deliveries").then().statusCode(200)
                .body("findAll { it.status == 'SENT' }.channel", hasItem("EMAIL"))
                .body("findAll { it.status == 'SENT' }.channel", hasItem("WEBHOOK"));
    }

    @Test
    void aFailingWebhookIsRetriedAndThenMarkedDead() throws Exception {
        String hub = unique("west");
        hub(hub, null);
        receiver.statusByPath.put("/failing", 500);
        admin().contentType(ContentType.JSON)
                .body(Map.of("webhookUrl", receiver.url("/failing"), "deliveryMode", "IMMEDIATE"))
                .post("/api/hubs/" + hub + "/subscriptions").then().statusCode(201);
        suggestion(hub, unique("partner"), 0.5);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> admin().get("/api/hubs/" + hub + "/deliveries").then()
                .body("[0].status", equalTo("DEAD")).body("[0].attempts", equalTo(3)));
        assertThat(receiver.callsTo("/failing")).hasSize(3);
        assertThat(receiver.callsTo("/failing")).extracting(c -> c.headers().get("webhook-id")).containsOnly(receiver.callsTo("/failing").get(0).headers().get("webhook-id"));
    }

    @Test
    void aDigestGathersTheWaitingItemsIntoOneEmailAndNeverSendsAnEmptyOne() throws Exception {
        String hub = unique("east");
        String address = hub + "@example.org";
        hub(hub, null);
        admin().contentType(ContentType.JSON).body(Map.of("emails", List.of(address), "deliveryMode", "DAILY_DIGEST", "minScore", 0.3))
                .post("/api/hubs/" + hub + "/subscriptions").then().statusCode(201);
        String first = unique("partner"), second = unique("partner"), weak = unique("partner");
        suggestion(hub, first, 0.6);
        suggestion(hub, second, 0.5);
        suggestion(hub, weak, 0.1); // under the subscriber's threshold: in the feed, not in the digest
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Fixtures.admin().get("/api/hubs/" + hub + "/notifications").then().body("", hasSize(3)));
        assertThat(mailsTo(address)).isEmpty();

        digests.sendDigests(); // a transient SMTP failure here is retried with backoff, so wait for the mail
        await().atMost(Duration.ofSeconds(60)).until(() -> mailsTo(address).size() == 1);
        assertThat(content(mailsTo(address).get(0))).contains("Hub " + first).contains("Hub " + second).doesNotContain("Hub " + weak);
        assertThat(digests.sendDigests()).isZero();
        assertThat(mailsTo(address)).hasSize(1);
        admin().get("/api/hubs/" + hub + "/deliveries").then().body("status", everyItem(equalTo("SENT"))).body("", hasSize(2));
    }

    @Test
    void aFailingDigestIsRetriedWithBackoffAndThenMarkedDead() throws Exception {
        String hub = unique("digest-fails");
        hub(hub, null);
        receiver.statusByPath.put("/digest-fails", 503);
        admin().contentType(ContentType.JSON)
                .body(Map.of("webhookUrl", receiver.url("/digest-fails"), "deliveryMode", "DAILY_DIGEST"))
                .post("/api/hubs/" + hub + "/subscriptions").then().statusCode(201);
        suggestion(hub, unique("partner"), 0.5);
        suggestion(hub, unique("partner"), 0.6);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> admin().get("/api/hubs/" + hub + "/deliveries").then().body("", hasSize(2)));

        digests.sendDigests();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> admin().get("/api/hubs/" + hub + "/deliveries").then()
                .body("status", everyItem(equalTo("DEAD"))).body("attempts", everyItem(equalTo(3))));
        // One call per attempt, each carrying both items under the same digest id.
        assertThat(receiver.callsTo("/digest-fails")).hasSize(3);
        assertThat(receiver.callsTo("/digest-fails")).extracting(c -> c.headers().get("webhook-id"))
                .containsOnly(receiver.callsTo("/digest-fails").get(0).headers().get("webhook-id"));
        assertThat(receiver.callsTo("/digest-fails").get(0).body()).contains("match.digest");
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheNextOneIsDelivered() throws Exception {
        String hub = unique("poison");
        hub(hub, null);
        try (TopicReader deadLetters = new TopicReader(MatchTopics.MATCH_SUGGESTIONS + ".notifications-dlq")) {
            TopicReader.send(MatchTopics.MATCH_SUGGESTIONS, "not-a-match", "{\"this is\": not json");
            String partner = unique("partner");
            suggestion(hub, partner, 0.4);
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.records().stream().anyMatch(r -> "not-a-match".equals(r.key())));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Fixtures.admin().get("/api/hubs/" + hub + "/notifications").then()
                    .body("partnerSlug", hasItem(partner)));
        }
    }

    @Test
    void theLiveStreamPushesNewItems() throws Exception {
        String hub = unique("stream");
        hub(hub, null);
        String base = io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port;
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/api/hubs/" + hub + "/notifications/stream")).header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + org.amhub.testsupport.auth.Tokens.admin()).build(),
                HttpResponse.BodyHandlers.ofLines());
        Stream<String> lines = response.get(10, java.util.concurrent.TimeUnit.SECONDS).body();
        String partner = unique("partner");
        // The subscription must be open before the item is stored; retry the send until the stream shows it.
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> lines.filter(l -> l.startsWith("data:") && l.contains(partner)).findFirst().orElse(""));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            if (!line.isDone()) {
                suggestion(hub, partner, 0.4);
            }
            return line.isDone();
        });
        assertThat(line.get()).contains(partner);
    }

    @Test
    void subscriptionsAreValidatedAndGuarded() throws Exception {
        String hub = unique("guarded");
        hub(hub, null);
        String path = "/api/hubs/" + hub + "/subscriptions";
        Map<String, Object> valid = Map.of("emails", List.of("ok@example.org"), "deliveryMode", "IMMEDIATE");
        given().contentType(ContentType.JSON).body(valid).post(path).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.coordinator("north")).contentType(ContentType.JSON).body(valid)
                .post(path).then().statusCode(403);
        admin().contentType(ContentType.JSON).body(Map.of("deliveryMode", "IMMEDIATE")).post(path).then().statusCode(422).body("field", equalTo("emails"));
        admin().contentType(ContentType.JSON).body(Map.of("webhookUrl", "ftp://example.org/x", "deliveryMode", "IMMEDIATE"))
                .post(path).then().statusCode(422).body("field", equalTo("webhookUrl"));
        // A client-chosen secret is refused, naming the field; without one the server makes it
        admin().contentType(ContentType.JSON).body(Map.of("webhookUrl", "https://example.org/x", "webhookSecret", "0123456789abcdef", "deliveryMode", "IMMEDIATE"))
                .post(path).then().statusCode(400).contentType("application/problem+json").body("field", equalTo("webhookSecret"));
        String created = admin().contentType(ContentType.JSON).body(Map.of("webhookUrl", "https://example.org/x", "deliveryMode", "IMMEDIATE"))
                .post(path).then().statusCode(201).body("webhookSecret", org.hamcrest.Matchers.startsWith("whsec_")).extract().path("id");
        String rotated = admin().post(path + "/" + created + "/webhook-secret").then().statusCode(200)
                .body("webhookSecret", org.hamcrest.Matchers.startsWith("whsec_")).extract().path("webhookSecret");
        admin().get(path).then().body(not(org.hamcrest.Matchers.containsString(rotated)));
        admin().queryParam("hub", hub).get("/api/audit").then().statusCode(200)
                .body("items.action", hasItem("subscription.rotate-secret")).body(not(org.hamcrest.Matchers.containsString(rotated)));
        admin().contentType(ContentType.JSON).body(Map.of("emails", List.of("ok@example.org"), "topics", List.of("alchemy"), "deliveryMode", "IMMEDIATE"))
                .post(path).then().statusCode(422).body("field", equalTo("topics"));
        admin().contentType(ContentType.JSON).body(Map.of("emails", List.of("not-an-email"), "deliveryMode", "IMMEDIATE"))
                .post(path).then().statusCode(422).contentType("application/problem+json");
        admin().contentType(ContentType.JSON).body(Map.of("emails", List.of("ok@example.org"), "deliveryMode", "HOURLY"))
                .post(path).then().statusCode(400).body("field", equalTo("deliveryMode"));
        admin().contentType(ContentType.JSON).body(valid).post("/api/hubs/no-such-hub/subscriptions").then().statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of("emails", List.of("ok@example.org"), "topics", List.of("3d printing"), "deliveryMode", "IMMEDIATE"))
                .post(path).then().statusCode(201).body("topics", hasItem("additive-manufacturing")).body("webhookSecretSet", equalTo(false));
        admin().contentType(ContentType.JSON).body(Map.of("emails", List.of("later@example.org")))
                .post(path).then().statusCode(201).body("deliveryMode", equalTo("IMMEDIATE"));
        Fixtures.admin().queryParam("limit", "many").get("/api/hubs/" + hub + "/notifications").then().statusCode(400).body("field", equalTo("limit"));
        Fixtures.admin().queryParam("unread", "perhaps").get("/api/hubs/" + hub + "/notifications").then().statusCode(400).body("field", equalTo("unread"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
