package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.TopicClaim;
import org.amhub.events.match.FactorScore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Scores a pair of hubs. Every factor is in [0, 1] and comes with the words that explain it; nothing depends on
 * which hubs they are, only on what their profiles say.
 */
public final class PairScorer {

    private final ScoringModel model;
    private final Taxonomy taxonomy;

    /** Weights in {@link ScoringModel#FACTORS} order, divided by their sum. */
    private final double[] normalisedWeights;

    public PairScorer(ScoringModel model, Taxonomy taxonomy) {
        this.model = model;
        this.taxonomy = taxonomy;
        double total = model.totalWeight();
        this.normalisedWeights = ScoringModel.FACTORS.stream()
                .mapToDouble(factor -> total == 0 ? 0 : model.weight(factor) / total).toArray();
    }

    /** How much of {@code seeker}'s needs {@code offerer}'s capabilities cover, weighted by topic rarity. */
    static double coverage(HubFeatures seeker, HubFeatures offerer, NetworkStats stats) {
        double wanted = 0, met = 0;
        for (String topic : seeker.needs().keySet()) {
            double weight = stats.topicRarity(topic);
            wanted += weight;
            if (offerer.capabilities().containsKey(topic)) {
                met += weight;
            }
        }
        return wanted == 0 ? 0 : met / wanted;
    }

    /**
     * Reciprocal combination (as reciprocal recommenders do): a smoothed harmonic mean, so a fit that serves only one
     * side scores well below one that serves both, yet above nothing.
     */
    static double reciprocal(double aToB, double bToA, double smoothing) {
        double a = aToB + smoothing, b = bToA + smoothing;
        double harmonic = 2 * a * b / (a + b);
        return Math.max(0, harmonic - smoothing); // reciprocal(1, 1) = 1, reciprocal(0, 0) = 0
    }

    /** Cosine of the two hubs' priority topics, each weighted by its rarity: rare shared priorities count most. */
    static double sharedPriorities(HubFeatures a, HubFeatures b, NetworkStats stats) {
        double dot = 0, normA = 0, normB = 0;
        for (String topic : a.priorities()) {
            double w = stats.topicRarity(topic);
            normA += w * w;
            if (b.priorities().contains(topic)) {
                dot += w * w;
            }
        }
        for (String topic : b.priorities()) {
            double w = stats.topicRarity(topic);
            normB += w * w;
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 0;
        }
        int shared = 0;
        for (String item : a) {
            if (b.contains(item)) {
                shared++;
            }
        }
        return (double) shared / (a.size() + b.size() - shared);
    }

    /** TF-IDF cosine of the analysed profile texts. */
    static double textSimilarity(HubFeatures a, HubFeatures b, NetworkStats stats) {
        double dot = 0, normA = 0, normB = 0;
        for (Map.Entry<String, Integer> term : a.termCounts().entrySet()) {
            double idf = stats.termIdf(term.getKey());
            double wa = (1 + Math.log(term.getValue())) * idf;
            normA += wa * wa;
            Integer other = b.termCounts().get(term.getKey());
            if (other != null) {
                dot += wa * (1 + Math.log(other)) * idf;
            }
        }
        for (Map.Entry<String, Integer> term : b.termCounts().entrySet()) {
            double wb = (1 + Math.log(term.getValue())) * stats.termIdf(term.getKey());
            normB += wb * wb;
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    double regional(HubFeatures a, HubFeatures b) {
        if (a.blocs().stream().anyMatch(b.blocs()::contains)) {
            return 1.0;
        }
        boolean crossRegion = a.region() != null && b.region() != null && !a.region().equalsIgnoreCase(b.region());
        return crossRegion ? model.crossRegionReach() : 0.0;
    }

    /** The factor values in {@link ScoringModel#FACTORS} order. */
    private double[] factorValues(HubFeatures a, HubFeatures b, NetworkStats stats) {
        return new double[]{
                reciprocal(coverage(a, b, stats), coverage(b, a, stats), model.oneSidedSmoothing()),
                sharedPriorities(a, b, stats),
                jaccard(a.industries(), b.industries()),
                textSimilarity(a, b, stats),
                regional(a, b)};
    }

    /** The score alone, without the explanation: what ranking needs, on the hot path. Equal to score(...).score(). */
    public double value(HubFeatures a, HubFeatures b, NetworkStats stats) {
        double[] values = factorValues(a, b, stats);
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += normalisedWeights[i] * values[i];
        }
        return round(sum);
    }

    public PairScore score(HubFeatures a, HubFeatures b, NetworkStats stats) {
        double[] values = factorValues(a, b, stats);
        List<FactorScore> factors = new ArrayList<>(values.length);
        double score = 0;
        for (int i = 0; i < values.length; i++) {
            String factor = ScoringModel.FACTORS.get(i);
            double contribution = normalisedWeights[i] * values[i];
            score += contribution;
            factors.add(new FactorScore(factor, round(values[i]), model.weight(factor), round(contribution)));
        }
        return new PairScore(a.id(), b.id(), round(score), factors, topics(a, b, stats), explain(a, b, stats));
    }

    private List<String> topics(HubFeatures a, HubFeatures b, NetworkStats stats) {
        Set<String> topics = new LinkedHashSet<>();
        a.needs().keySet().stream().filter(b.capabilities()::containsKey).forEach(topics::add);
        b.needs().keySet().stream().filter(a.capabilities()::containsKey).forEach(topics::add);
        a.priorities().stream().filter(b.priorities()::contains)
                .sorted(Comparator.comparingDouble(t -> -stats.topicRarity(t))).forEach(topics::add);
        return List.copyOf(topics);
    }

    private List<String> explain(HubFeatures a, HubFeatures b, NetworkStats stats) {
        List<String> reasons = new ArrayList<>();
        complementarityReasons(a, b, stats, reasons);
        complementarityReasons(b, a, stats, reasons);
        List<String> shared = a.priorities().stream().filter(b.priorities()::contains)
                .sorted(Comparator.comparingDouble(t -> -stats.topicRarity(t)))
                .limit(4).map(taxonomy::label).toList();
        if (!shared.isEmpty()) {
            reasons.add("Both work on " + join(shared) + ".");
        }
        List<String> industries = a.industries().stream().filter(b.industries()::contains).map(taxonomy::label).toList();
        if (!industries.isEmpty()) {
            reasons.add("Both count " + join(industries) + " among their top industries.");
        }
        a.blocs().stream().filter(b.blocs()::contains).findFirst().ifPresent(bloc ->
                reasons.add("Both are in the " + bloc + ", so they can bid for its funding programmes together."));
        if (a.blocs().stream().noneMatch(b.blocs()::contains) && a.region() != null && b.region() != null
                && !a.region().equalsIgnoreCase(b.region())) {
            reasons.add("Connects " + a.region() + " with " + b.region() + ", extending both hubs' reach.");
        }
        return reasons;
    }

    /** "Ulsan seeks: … Michigan offers: …" for each of the seeker's needs that the offerer covers, rarest first. */
    private void complementarityReasons(HubFeatures seeker, HubFeatures offerer, NetworkStats stats, List<String> reasons) {
        seeker.needs().entrySet().stream()
                .filter(need -> offerer.capabilities().containsKey(need.getKey()))
                .sorted(Comparator.comparingDouble(need -> -stats.topicRarity(need.getKey())))
                .limit(2)
                .forEach(need -> {
                    TopicClaim wanted = need.getValue().get(0);
                    String offered = offerer.capabilities().get(need.getKey()).stream().map(TopicClaim::text)
                            .limit(2).collect(Collectors.joining("; "));
                    // Claim texts keep their own capitalisation: they often start with a proper name.
                    reasons.add(seeker.name() + " seeks: " + wanted.text() + " (" + taxonomy.label(need.getKey())
                            + "). " + offerer.name() + " offers: " + offered + ".");
                });
    }

    private static String join(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
