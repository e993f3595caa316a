package org.amhub.matchmaker.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.hub.TopicClaim;
import org.amhub.events.partnership.PartnershipChangeKind;
import org.amhub.events.partnership.PartnershipChanged;
import org.amhub.events.partnership.PartnershipStage;
import org.amhub.events.partnership.PartnershipTopics;
import org.amhub.matchmaker.service.MatchService;
import org.amhub.matchmaker.service.PartnershipService;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.amhub.testsupport.auth.Tokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/** Partnerships end to end over real Kafka and PostgreSQL: both accepts, stages, access, stats and reminders. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class PartnershipFlowTest {

    @Inject
    ObjectMapper mapper;

    @Inject
    PartnershipService partnerships;

    @Inject
    EntityManager entityManager;

    static TopicReader topic;

    @BeforeAll
    static void openReader() {
        topic = new TopicReader(PartnershipTopics.PARTNERSHIPS);
    }

    @AfterAll
    static void closeReader() {
        topic.close();
    }

    /** Two hubs with a suggestion between them. */
    record Pair(String seeker, String offerer, String matchId) {
    }

    Pair pair(String prefix) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String seeker = prefix + "-seeker-" + tag, offerer = prefix + "-offerer-" + tag;
        // Words only this pair shares, so that it tops both lists whatever other tests registered
        String words = "zx" + tag.replace("-", "") + " kelp " + "q" + tag.replace("-", "") + " harvesting";
        send(MatchmakerFuzzTest.profile(seeker, List.of(), List.of(new TopicClaim("construction-materials", words, null))));
        send(MatchmakerFuzzTest.profile(offerer, List.of(new TopicClaim("construction-materials", "a centre for " + words, null)), List.of()));
        String matchId = MatchService.matchId(MatchmakerFuzzTest.id(seeker), MatchmakerFuzzTest.id(offerer));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/api/matches/" + matchId).then().statusCode(200));
        return new Pair(seeker, offerer, matchId);
    }

    void send(org.amhub.events.hub.HubProfile profile) throws Exception {
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(),
                mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile)));
    }

    static void accept(Pair pair, String hub) {
        given().auth().oauth2(Tokens.coordinator(hub)).contentType(ContentType.JSON)
                .body(Map.of("hub", hub, "action", "ACCEPT")).post("/api/matches/" + pair.matchId() + "/feedback")
                .then().statusCode(200);
    }

    /** Both hubs accept; returns the partnership's id. */
    String partnership(Pair pair) {
        accept(pair, pair.seeker());
        accept(pair, pair.offerer());
        return given().auth().oauth2(Tokens.admin()).queryParam("hub", pair.seeker()).get("/api/partnerships")
                .then().statusCode(200).body("", hasSize(1)).extract().path("[0].id");
    }

    List<PartnershipChanged> events(String partnershipId) {
        return topic.recordsWithKey(partnershipId).stream().map(ConsumerRecord::value).map(v -> {
            try {
                return mapper.readValue(v, PartnershipChanged.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static io.restassured.specification.RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void bothAcceptsOpenExactlyOnePartnershipAndPublishOpenedOnce() throws Exception {
        Pair pair = pair("open");
        accept(pair, pair.seeker());
        given().auth().oauth2(Tokens.coordinator(pair.seeker())).queryParam("hub", pair.seeker()).get("/api/partnerships")
                .then().statusCode(200).body("", empty());

        accept(pair, pair.offerer());
        accept(pair, pair.offerer()); // repeated: nothing new
        accept(pair, pair.seeker());

        JsonPath list = given().auth().oauth2(Tokens.coordinator(pair.offerer())).queryParam("hub", pair.offerer())
                .get("/api/partnerships").then().statusCode(200).body("", hasSize(1)).extract().jsonPath();
        String id = list.getString("[0].id");
        assertThat(list.getString("[0].matchId")).isEqualTo(pair.matchId());
        assertThat(list.getString("[0].stage")).isEqualTo("INTRODUCED");
        assertThat(List.of(list.getString("[0].hubA.slug"), list.getString("[0].hubB.slug")))
                .containsExactlyInAnyOrder(pair.seeker(), pair.offerer());
        assertThat(list.getString("[0].hubA.name")).startsWith("Hub ");
        assertThat(list.getList("[0].history.toStage")).containsExactly("INTRODUCED");
        assertThat(list.getLong("[0].version")).isZero();

        await().atMost(Duration.ofSeconds(30)).until(() -> !events(id).isEmpty());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> events(id).size() == 1);
        PartnershipChanged opened = events(id).get(0);
        assertThat(opened.kind()).isEqualTo(PartnershipChangeKind.OPENED);
        assertThat(opened.stage()).isEqualTo(PartnershipStage.INTRODUCED);
        assertThat(opened.matchId()).isEqualTo(pair.matchId());
        assertThat(List.of(opened.hubA().slug(), opened.hubB().slug())).containsExactlyInAnyOrder(pair.seeker(), pair.offerer());
        assertThat(opened.actor()).isEqualTo(pair.offerer() + "-coordinator");
    }

    @Test
    void stagesMoveForwardOnlyAndEveryChangeIsPublished() throws Exception {
        Pair pair = pair("stage");
        String id = partnership(pair);
        String coordinator = Tokens.coordinator(pair.seeker());

        as(coordinator).header("If-Match", "\"0\"")
                .body(Map.of("stage", "IN_DISCUSSION", "note", "Kick-off call held", "nextStep", "Draft an MoU", "nextStepDue", "2027-01-15"))
                .post("/api/partnerships/" + id + "/stage").then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("stage", equalTo("IN_DISCUSSION")).body("version", equalTo(1))
                .body("nextStep", equalTo("Draft an MoU")).body("nextStepDue", equalTo("2027-01-15"))
                .body("history", hasSize(2))
                .body("history[1].fromStage", equalTo("INTRODUCED")).body("history[1].toStage", equalTo("IN_DISCUSSION"))
                .body("history[1].note", equalTo("Kick-off call held"))
                .body("history[1].actor", equalTo(pair.seeker() + "-coordinator"));

        // A stale If-Match is refused and changes nothing.
        as(coordinator).header("If-Match", "\"0\"").body(Map.of("stage", "AGREEMENT_SIGNED"))
                .post("/api/partnerships/" + id + "/stage").then().statusCode(412)
                .contentType("application/problem+json").body("field", equalTo("If-Match"));
        // Backwards, and to the same stage: 409 naming the field.
        as(coordinator).body(Map.of("stage", "INTRODUCED")).post("/api/partnerships/" + id + "/stage").then().statusCode(409)
                .contentType("application/problem+json").body("field", equalTo("stage"));
        as(coordinator).body(Map.of("stage", "IN_DISCUSSION")).post("/api/partnerships/" + id + "/stage").then().statusCode(409)
                .body("field", equalTo("stage"));
        as(coordinator).body(Map.of("stage", "SOMEDAY")).post("/api/partnerships/" + id + "/stage").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("stage"));
        as(coordinator).body(Map.of("note", "no stage")).post("/api/partnerships/" + id + "/stage").then().statusCode(422)
                .body("field", equalTo("stage"));

        // Skipping forward is allowed; a note from the other hub keeps the stage and the next step.
        as(Tokens.coordinator(pair.offerer())).body(Map.of("stage", "PROJECT_RUNNING", "note", "Signed and started"))
                .post("/api/partnerships/" + id + "/stage").then().statusCode(200).body("stage", equalTo("PROJECT_RUNNING"))
                .body("nextStep", equalTo("Draft an MoU"));
        as(coordinator).body(Map.of("note", "First ferry trial booked", "nextStep", "Trial in March"))
                .post("/api/partnerships/" + id + "/notes").then().statusCode(200)
                .body("stage", equalTo("PROJECT_RUNNING")).body("nextStep", equalTo("Trial in March"))
                .body("history[-1].note", equalTo("First ferry trial booked")).body("history[-1].fromStage", equalTo(null));
        as(coordinator).body(Map.of("note", " ")).post("/api/partnerships/" + id + "/notes").then().statusCode(422)
                .body("field", equalTo("note"));

        // ABANDONED from an open stage; then nothing moves any more.
        as(coordinator).body(Map.of("stage", "ABANDONED", "note", "Funding fell through"))
                .post("/api/partnerships/" + id + "/stage").then().statusCode(200).body("stage", equalTo("ABANDONED"));
        as(Tokens.admin()).body(Map.of("stage", "CLOSED")).post("/api/partnerships/" + id + "/stage").then().statusCode(409)
                .body("field", equalTo("stage"));

        await().atMost(Duration.ofSeconds(30)).until(() -> events(id).size() >= 5);
        List<PartnershipChanged> events = events(id);
        assertThat(events).extracting(PartnershipChanged::kind).containsExactly(PartnershipChangeKind.OPENED,
                PartnershipChangeKind.STAGE_CHANGED, PartnershipChangeKind.STAGE_CHANGED, PartnershipChangeKind.NOTE_ADDED,
                PartnershipChangeKind.STAGE_CHANGED);
        PartnershipChanged moved = events.get(2);
        assertThat(moved.previousStage()).isEqualTo(PartnershipStage.IN_DISCUSSION);
        assertThat(moved.stage()).isEqualTo(PartnershipStage.PROJECT_RUNNING);
        assertThat(moved.note()).isEqualTo("Signed and started");
        assertThat(events.get(1).nextStepDue()).isEqualTo(java.time.LocalDate.of(2027, 1, 15));
        assertThat(events).extracting(PartnershipChanged::version).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void onlyAdminsAndTheTwoHubsCoordinatorsSeeAndChangeAPartnership() throws Exception {
        Pair pair = pair("access");
        String id = partnership(pair);
        String outsider = Tokens.coordinator("ulsan");

        given().auth().oauth2(outsider).get("/api/partnerships/" + id).then().statusCode(403).contentType("application/problem+json");
        as(outsider).body(Map.of("stage", "IN_DISCUSSION")).post("/api/partnerships/" + id + "/stage").then().statusCode(403);
        as(outsider).body(Map.of("note", "hello")).post("/api/partnerships/" + id + "/notes").then().statusCode(403);
        given().auth().oauth2(outsider).queryParam("hub", pair.seeker()).get("/api/partnerships").then().statusCode(403);
        given().auth().oauth2(outsider).get("/api/partnerships").then().statusCode(403);
        given().queryParam("hub", pair.seeker()).get("/api/partnerships").then().statusCode(401);
        given().get("/api/partnerships/" + id).then().statusCode(401);

        given().auth().oauth2(Tokens.coordinator(pair.offerer())).get("/api/partnerships/" + id).then().statusCode(200)
                .body("id", equalTo(id));
        given().auth().oauth2(Tokens.admin()).get("/api/partnerships").then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(Tokens.admin()).get("/api/partnerships/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).queryParam("hub", "no-such-hub").get("/api/partnerships").then().statusCode(404);
        // The stage endpoint is checked before the stage: the outsider's call changed nothing.
        given().auth().oauth2(Tokens.admin()).get("/api/partnerships/" + id).then().body("stage", equalTo("INTRODUCED"));
    }

    @Test
    void statsCountTheFunnelWithoutNamesOrNotes() throws Exception {
        JsonPath before = given().get("/api/partnerships/stats").then().statusCode(200).extract().jsonPath();
        Pair pair = pair("stats");
        String id = partnership(pair);
        Pair declined = pair("declined");
        given().auth().oauth2(Tokens.coordinator(declined.seeker())).contentType(ContentType.JSON)
                .body(Map.of("hub", declined.seeker(), "action", "DECLINE")).post("/api/matches/" + declined.matchId() + "/feedback")
                .then().statusCode(200);
        as(Tokens.admin()).body(Map.of("stage", "AGREEMENT_SIGNED", "note", "secret terms"))
                .post("/api/partnerships/" + id + "/stage").then().statusCode(200);

        String body = given().get("/api/partnerships/stats").then().statusCode(200).extract().asString();
        JsonPath after = new JsonPath(body);
        assertThat(body).doesNotContain("secret terms").doesNotContain(pair.seeker());
        assertThat(after.getLong("suggestions")).isGreaterThanOrEqualTo(before.getLong("suggestions") + 2);
        assertThat(after.getLong("accepted")).isEqualTo(before.getLong("accepted") + 1);
        assertThat(after.getLong("declined")).isEqualTo(before.getLong("declined") + 1);
        assertThat(after.getLong("partnershipsByStage.AGREEMENT_SIGNED")).isEqualTo(before.getLong("partnershipsByStage.AGREEMENT_SIGNED") + 1);
        assertThat(after.getMap("partnershipsByStage")).containsOnlyKeys("INTRODUCED", "IN_DISCUSSION", "AGREEMENT_SIGNED",
                "PROJECT_RUNNING", "CLOSED", "ABANDONED");
        assertThat(after.getLong("funnel.suggested")).isEqualTo(after.getLong("suggestions"));
        assertThat(after.getLong("funnel.accepted")).isEqualTo(after.getLong("accepted"));
        assertThat(after.getLong("funnel.agreement")).isEqualTo(before.getLong("funnel.agreement") + 1);
        List<Map<String, Object>> months = after.getList("byMonth");
        long total = after.getMap("partnershipsByStage").values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        assertThat(months.stream().mapToLong(m -> ((Number) m.get("opened")).longValue()).sum()).isEqualTo(total);
        assertThat(months.stream().mapToLong(m -> ((Number) m.get("agreements")).longValue()).sum()).isEqualTo(after.getLong("funnel.agreement"));
        assertThat(months).allSatisfy(m -> assertThat((String) m.get("month")).matches("\\d{4}-\\d{2}"));
    }

    @Test
    void aStalledPartnershipIsRemindedOncePerPeriod() throws Exception {
        String stalled = partnership(pair("stalled"));
        String fresh = partnership(pair("fresh"));
        age(stalled, "stage_changed_at", 5);

        partnerships.remindStale();
        partnerships.remindStale(); // a second run within the period: nothing more

        await().atMost(Duration.ofSeconds(30)).until(() -> events(stalled).stream().anyMatch(e -> e.kind() == PartnershipChangeKind.REMINDER_DUE));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() ->
                events(stalled).stream().filter(e -> e.kind() == PartnershipChangeKind.REMINDER_DUE).count() == 1);
        PartnershipChanged reminder = events(stalled).stream().filter(e -> e.kind() == PartnershipChangeKind.REMINDER_DUE).findFirst().orElseThrow();
        assertThat(reminder.actor()).isEqualTo(PartnershipService.SYSTEM_ACTOR);
        assertThat(reminder.stage()).isEqualTo(PartnershipStage.INTRODUCED);
        assertThat(events(fresh)).extracting(PartnershipChanged::kind).doesNotContain(PartnershipChangeKind.REMINDER_DUE);

        // A period after the reminder, still stalled: reminded again.
        age(stalled, "reminded_at", 5);
        partnerships.remindStale();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                events(stalled).stream().filter(e -> e.kind() == PartnershipChangeKind.REMINDER_DUE).count() == 2);
        // A closed partnership is never reminded.
        as(Tokens.admin()).body(Map.of("stage", "CLOSED")).post("/api/partnerships/" + stalled + "/stage").then().statusCode(200);
        age(stalled, "stage_changed_at", 10);
        age(stalled, "reminded_at", 10);
        partnerships.remindStale();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() ->
                events(stalled).stream().filter(e -> e.kind() == PartnershipChangeKind.REMINDER_DUE).count() == 2);
    }

    /** Moves a timestamp of a partnership {@code weeks} weeks into the past. */
    void age(String id, String column, int weeks) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("UPDATE partnership SET " + column
                        + " = now() - make_interval(weeks => :weeks) WHERE id = :id")
                .setParameter("weeks", weeks).setParameter("id", UUID.fromString(id)).executeUpdate());
    }
}
