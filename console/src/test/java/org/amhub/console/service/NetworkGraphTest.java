package org.amhub.console.service;

import org.amhub.console.client.MatchmakerApi.Partnership;
import org.amhub.console.client.MatchmakerApi.Party;
import org.amhub.console.client.MatchmakerApi.Suggestion;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.match.MatchParty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkGraphTest {

    static HubProfile hub(String slug, String region) {
        return new HubProfile(UUID.randomUUID(), slug, slug.toUpperCase(), "C", region, List.of("h"), null, null, List.of(),
                null, null, null, List.of(), List.of(), List.of(), List.of(), 0, null, null);
    }

    static Suggestion suggestion(String a, String b, double score, String status) {
        return new Suggestion(a + "~" + b, new MatchParty(UUID.randomUUID(), a, a.toUpperCase(), 1),
                new MatchParty(UUID.randomUUID(), b, b.toUpperCase(), 1), score, status, List.of(), List.of(), List.of(),
                List.of(), 1, null, null, null);
    }

    @Test
    void drawsEveryHubOnTheCircleAndOnlyEdgesBetweenHubsInView() {
        var graph = NetworkGraph.draw(List.of(hub("a", "Europe"), hub("b", "Asia"), hub("c", "Europe")),
                List.of(suggestion("a", "b", 0.3, "ACTIVE"), suggestion("a", "zz", 0.9, "ACTIVE"), suggestion("b", "c", 0.2, "ACCEPTED")),
                List.of(new Partnership("p", "b~c", new Party("1", "b", "B"), new Party("2", "c", "C"), "IN_DISCUSSION",
                        null, null, null, null, 1, List.of())));

        assertThat(graph.nodes()).extracting(NetworkGraph.Node::slug).containsExactly("b", "a", "c"); // by region, then name
        for (var node : graph.nodes()) {
            double dx = node.x() - NetworkGraph.SIZE / 2.0;
            double dy = node.y() - NetworkGraph.SIZE / 2.0;
            assertThat(Math.hypot(dx, dy)).isCloseTo(300, org.assertj.core.data.Offset.offset(0.001));
        }
        assertThat(graph.edges()).extracting(NetworkGraph.Edge::kind).containsExactly("suggestion", "accepted", "partnership");
        Map<String, NetworkGraph.Node> bySlug = new java.util.HashMap<>();
        graph.nodes().forEach(n -> bySlug.put(n.slug(), n));
        assertThat(bySlug.get("b").suggestions()).isEqualTo(2);
        assertThat(bySlug.get("b").accepted()).isEqualTo(1);
        assertThat(bySlug.get("c").partnerships()).isEqualTo(1);
        assertThat(bySlug.get("a").partnerships()).isZero();
    }

    @Test
    void strongerSuggestionsAreDrawnDarker() {
        var graph = NetworkGraph.draw(List.of(hub("a", "R"), hub("b", "R"), hub("c", "R")),
                List.of(suggestion("a", "b", 0.1, "ACTIVE"), suggestion("a", "c", 0.5, "ACTIVE")), List.of());
        assertThat(graph.edges().get(1).opacity()).isGreaterThan(graph.edges().get(0).opacity());
    }

    @Test
    void stagesMoveForwardOrToAbandonedOnly() {
        assertThat(Stages.next("IN_DISCUSSION")).containsExactly("AGREEMENT_SIGNED", "PROJECT_RUNNING", "CLOSED", "ABANDONED");
        assertThat(Stages.next("CLOSED")).isEmpty();
        assertThat(Stages.next("ABANDONED")).isEmpty();
        assertThat(Stages.label("AGREEMENT_SIGNED")).isEqualTo("Agreement signed");
    }

    @Test
    void operationsFiguresAreReadFromThePrometheusExposition() {
        String exposition = """
                # HELP amhub_outbox_pending
                # TYPE amhub_outbox_pending gauge
                amhub_outbox_pending 3.0
                amhub_dead_letters_pending{topic="a.dlq"} 2.0
                amhub_dead_letters_pending{topic="b.dlq"} 1.0
                amhub_outbox_oldest_pending_age_seconds NaN
                http_server_requests_seconds_count{uri="/"} 9.0
                """;
        assertThat(OperationsProbe.metrics(exposition))
                .containsEntry("outbox pending", 3.0)
                .containsEntry("dead letters pending", 3.0)
                .doesNotContainKey("outbox oldest pending (s)")
                .hasSize(2);
    }
}
