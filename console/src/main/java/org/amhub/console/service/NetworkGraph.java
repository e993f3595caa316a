package org.amhub.console.service;

import org.amhub.console.client.MatchmakerApi.Partnership;
import org.amhub.console.client.MatchmakerApi.Suggestion;
import org.amhub.events.hub.HubProfile;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The network as a picture: hubs on a circle (grouped by region, so neighbours sit together), a thin line per active
 * suggestion (darker when stronger) and a thick one per partnership (coloured by stage). Drawn server-side as SVG
 * coordinates, so the page needs no script; the same numbers are also given as a table for screen readers.
 */
public final class NetworkGraph {

    public static final int SIZE = 760;
    private static final double RADIUS = 300;

    public record Node(String slug, String name, String region, double x, double y, double labelX, double labelY,
                       String anchor, int suggestions, int accepted, int partnerships) {
    }

    public record Edge(String kind, String stage, String a, String b, double x1, double y1, double x2, double y2,
                       double score, String title) {
        public double opacity() {
            return kind.equals("partnership") ? 0.9 : Math.max(0.15, Math.min(0.9, score * 1.6));
        }

        public int percent() {
            return (int) Math.round(score * 100);
        }
    }

    public record Graph(List<Node> nodes, List<Edge> edges) {
        public boolean empty() {
            return nodes.isEmpty();
        }
    }

    private NetworkGraph() {
    }

    public static Graph draw(List<HubProfile> hubs, List<Suggestion> suggestions, List<Partnership> partnerships) {
        List<HubProfile> ordered = hubs.stream()
                .sorted(Comparator.comparing((HubProfile h) -> Objects.requireNonNullElse(h.region(), ""))
                        .thenComparing(HubProfile::name))
                .toList();
        Map<String, double[]> at = new HashMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            double angle = 2 * Math.PI * i / Math.max(1, ordered.size()) - Math.PI / 2;
            at.put(ordered.get(i).slug(), new double[] {angle, SIZE / 2.0 + RADIUS * Math.cos(angle), SIZE / 2.0 + RADIUS * Math.sin(angle)});
            counts.put(ordered.get(i).slug(), new int[3]);
        }
        List<Edge> edges = new java.util.ArrayList<>();
        for (Suggestion s : suggestions) {
            double[] a = at.get(s.hubA().slug());
            double[] b = at.get(s.hubB().slug());
            if (a == null || b == null) {
                continue; // a hub outside the filter
            }
            boolean accepted = s.status().equals("ACCEPTED");
            count(counts, s.hubA().slug(), accepted ? 1 : 0);
            count(counts, s.hubB().slug(), accepted ? 1 : 0);
            edges.add(new Edge(accepted ? "accepted" : "suggestion", null, s.hubA().slug(), s.hubB().slug(), a[1], a[2], b[1], b[2],
                    s.score(), s.hubA().name() + " – " + s.hubB().name() + ": " + Math.round(s.score() * 100) + "%"
                            + (accepted ? ", accepted" : "")));
        }
        for (Partnership p : partnerships) {
            double[] a = at.get(p.hubA().slug());
            double[] b = at.get(p.hubB().slug());
            if (a == null || b == null) {
                continue;
            }
            counts.get(p.hubA().slug())[2]++;
            counts.get(p.hubB().slug())[2]++;
            edges.add(new Edge("partnership", p.stage(), p.hubA().slug(), p.hubB().slug(), a[1], a[2], b[1], b[2], 1,
                    p.hubA().name() + " – " + p.hubB().name() + ": partnership, " + Stages.label(p.stage())));
        }
        List<Node> nodes = ordered.stream().map(h -> {
            double[] p = at.get(h.slug());
            double cos = Math.cos(p[0]);
            int[] c = counts.get(h.slug());
            return new Node(h.slug(), h.name(), h.region(), p[1], p[2],
                    SIZE / 2.0 + (RADIUS + 18) * cos, SIZE / 2.0 + (RADIUS + 18) * Math.sin(p[0]) + 4,
                    cos > 0.3 ? "start" : cos < -0.3 ? "end" : "middle", c[0], c[1], c[2]);
        }).toList();
        return new Graph(nodes, edges);
    }

    private static void count(Map<String, int[]> counts, String slug, int accepted) {
        int[] c = counts.get(slug);
        c[0]++;
        c[1] += accepted;
    }
}
