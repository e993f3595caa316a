package org.amhub.notifications;

import org.amhub.testsupport.auth.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.match.MatchChange;
import org.amhub.events.match.MatchParty;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.match.MatchTopics;
import org.amhub.testsupport.TopicReader;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Builders for the events and calls the notification tests need, sent through the real broker. */
final class Fixtures {

    private final ObjectMapper mapper;

    Fixtures(ObjectMapper mapper) {
        this.mapper = mapper;
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

    static String baseUrl() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    /** Publishes a hub profile and waits until the service knows the hub. */
    void hub(String slug, String contactEmail) throws Exception {
        HubProfile profile = new HubProfile(id(slug), slug, "Hub " + slug, "Country", "Region", List.of("Host"), contactEmail,
                null, List.of(), null, null, HubStatus.ACTIVE, List.of(), List.of(), List.of(), List.of(), 1, Instant.EPOCH, Instant.now());
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(),
                mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Fixtures.admin().get("/api/hubs/" + slug + "/notifications").then().statusCode(200));
    }

    /** Publishes a suggestion that puts {@code partner} in {@code hub}'s list; returns its match id. */
    String suggestion(String hub, String partner, double score) throws Exception {
        String matchId = UUID.randomUUID().toString();
        MatchSuggested event = new MatchSuggested(UUID.randomUUID(), MatchSuggested.SCHEMA_VERSION, Instant.now(), matchId, 1,
                MatchChange.APPEARED, new MatchParty(id(hub), hub, "Hub " + hub, 1),
                new MatchParty(id(partner), partner, "Hub " + partner, 0), score, List.of(), List.of("additive-manufacturing"),
                List.of("Hub " + hub + " seeks printed parts; Hub " + partner + " offers a network of 3D printers."));
        TopicReader.send(MatchTopics.MATCH_SUGGESTIONS, matchId, mapper.writeValueAsString(event));
        return matchId;
    }

    /** Sum of a Prometheus counter or gauge over the series whose labels contain {@code labelPart} (0 when absent). */
    /** Sums a Prometheus sample over the series whose labels contain labelPart (an OpenMetrics exemplar may follow). */
    static double metric(String name, String labelPart) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)})?\\s+([0-9.eE+-]+)(?:\\s+#.*)?$").matcher(body);
        double sum = 0;
        while (m.find()) {
            if ((m.group(1) == null ? "" : m.group(1)).contains(labelPart)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
