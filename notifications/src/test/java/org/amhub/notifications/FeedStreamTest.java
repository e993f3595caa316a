package org.amhub.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.amhub.testsupport.RealInfrastructureResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

/** The live feed over real HTTP: bursts arrive whole and in order, a reconnect resumes from Last-Event-ID, streams are capped. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(SmtpServerResource.class)
class FeedStreamTest {

    @Inject
    ObjectMapper mapper;

    static String streamPath(String hub) {
        return "/api/hubs/" + hub + "/notifications/stream";
    }

    @Test
    void aBurstArrivesWholeAndInOrderAndAReconnectWithLastEventIdGetsOnlyWhatWasMissed() throws Exception {
        Fixtures fixtures = new Fixtures(mapper);
        String hub = Fixtures.unique("burst");
        fixtures.hub(hub, null);
        List<String> partners = new ArrayList<>();
        List<Long> firstIds;
        try (SseClient live = SseClient.connect(streamPath(hub), null)) {
            assertThat(live.status).isEqualTo(200);
            for (int i = 0; i < 30; i++) {
                String partner = Fixtures.unique("p" + i);
                partners.add(partner);
                fixtures.suggestion(hub, partner, 0.5);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> live.events.size() >= 30);
            firstIds = live.ids();
            assertThat(firstIds).hasSize(30).doesNotHaveDuplicates().isSorted();
            assertThat(live.events).allSatisfy(e -> assertThat(e.name()).isEqualTo("notification"));
            Set<String> seen = new HashSet<>();
            live.events.forEach(e -> partners.stream().filter(p -> e.data().contains("\"" + p + "\"")).forEach(seen::add));
            assertThat(seen).containsExactlyInAnyOrderElementsOf(partners);
            await().atMost(Duration.ofSeconds(10)).until(() -> !live.comments.isEmpty()); // heartbeats
            System.out.printf("FeedStreamTest: burst delivered %d/30, in id order, %d heartbeats%n", live.events.size(), live.comments.size());
        }

        // Disconnected: five more items are stored meanwhile.
        for (int i = 0; i < 5; i++) {
            fixtures.suggestion(hub, Fixtures.unique("later" + i), 0.5);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                Fixtures.admin().queryParam("limit", 100).get("/api/hubs/" + hub + "/notifications").then().body("", hasSize(35)));

        long tenth = firstIds.get(9);
        try (SseClient resumed = SseClient.connect(streamPath(hub), tenth)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> resumed.events.size() >= 25);
            String livePartner = Fixtures.unique("live");
            fixtures.suggestion(hub, livePartner, 0.5);
            await().atMost(Duration.ofSeconds(30)).until(() -> resumed.events.size() >= 26);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> resumed.events.size() == 26);
            List<Long> ids = resumed.ids();
            assertThat(ids).doesNotHaveDuplicates().isSorted().allSatisfy(id -> assertThat(id).isGreaterThan(tenth));
            assertThat(ids.subList(0, 20)).containsExactlyElementsOf(firstIds.subList(10, 30));
            assertThat(resumed.events.get(25).data()).contains(livePartner);
            System.out.printf("FeedStreamTest: resumed after id %d: %d stored + 1 live, no duplicates%n", tenth, ids.size() - 1);
        }
    }

    @Test
    void aHubHasACapOnOpenStreamsAndTheNextGetsA429Problem() throws Exception {
        String hub = Fixtures.unique("capped");
        new Fixtures(mapper).hub(hub, null);
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(SseClient.connect(streamPath(hub), null));
                assertThat(open.get(i).status).isEqualTo(200);
            }
            try (SseClient refused = SseClient.connect(streamPath(hub), null)) {
                assertThat(refused.status).isEqualTo(429);
                assertThat(refused.contentType).startsWith("application/problem+json");
            }
            Fixtures.admin().header("Last-Event-ID", "yesterday").get(streamPath(hub)).then().statusCode(400).contentType("application/problem+json");
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (SseClient again = SseClient.connect(streamPath(hub), null)) {
                    return again.status == 200;
                }
            });
        } finally {
            open.forEach(SseClient::close);
        }
    }
}
