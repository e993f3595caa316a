package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.TopicClaim;
import org.amhub.events.match.FactorScore;
import org.amhub.events.match.Reason;
import org.amhub.events.match.Reason.ClaimEvidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * How much of {@code seeker}'s needs {@code offerer}'s capabilities cover, weighted by topic rarity. A need counts
     * in full only when the two claims also say related things: with {@code meaningShare} m, a shared topic id alone
     * gives 1 - m, and the best pair of claims adds m times their text similarity.
     */
    static double coverage(HubFeatures seeker, HubFeatures offerer, NetworkStats stats, double meaningShare) {
        TopicIds needs = seeker.topicIds(), offers = offerer.topicIds();
        int[] needIds = needs.needs(), offerIds = offers.capabilities();
        double wanted = 0, met = 0;
        for (int i = 0, j = 0; i < needIds.length; i++) { // both sorted: one merge
            double weight = stats.topicRarity(needIds[i]);
            wanted += weight;
            while (j < offerIds.length && offerIds[j] < needIds[i]) {
                j++;
            }
            if (j < offerIds.length && offerIds[j] == needIds[i]) {
                double meaning = meaningShare == 0 ? 0
                        : bestSimilarity(seeker, needs.needClaims()[i], offerer, offers.capabilityClaims()[j], stats);
                met += weight * ((1 - meaningShare) + meaningShare * meaning);
            }
        }
        return wanted == 0 ? 0 : met / wanted;
    }

    /** The similarity of the two claims (one from each list) whose texts relate most. */
    private static double bestSimilarity(HubFeatures a, TopicClaim[] fromA, HubFeatures b, TopicClaim[] fromB, NetworkStats stats) {
        double best = Double.NEGATIVE_INFINITY;
        for (TopicClaim first : fromA) {
            for (TopicClaim second : fromB) {
                best = Math.max(best, claimSimilarity(a, first, b, second, stats));
            }
        }
        return best;
    }

    /** Two claims, one of each hub, and how closely their texts relate. */
    record ClaimPair(TopicClaim first, TopicClaim second, double similarity) {
    }

    /** Sentence-embedding cosines at or below this mean "unrelated" (MiniLM rarely goes lower for any two texts). */
    static final double EMBEDDING_FLOOR = 0.2;

    /**
     * How alike two claims are, in [0, 1]: by meaning (sentence embeddings, rescaled so unrelated texts are near 0)
     * when both have vectors, else by TF-IDF cosine of their words.
     */
    static double claimSimilarity(HubFeatures a, TopicClaim first, HubFeatures b, TopicClaim second, NetworkStats stats) {
        float[] x = a.claimVectors().isEmpty() ? null : a.claimVectors().get(first);
        float[] y = x == null ? null : b.claimVectors().get(second);
        if (x != null && y != null) {
            return Math.max(0, (TextEmbedder.cosine(x, y) - EMBEDDING_FLOOR) / (1 - EMBEDDING_FLOOR));
        }
        return cosine(a.termVector(first), b.termVector(second), stats);
    }

    /** The two claims (one from each list) whose texts relate most; ties keep the earlier claims. */
    static ClaimPair bestPair(HubFeatures a, List<TopicClaim> fromA, HubFeatures b, List<TopicClaim> fromB, NetworkStats stats) {
        ClaimPair best = null;
        for (TopicClaim first : fromA) {
            for (TopicClaim second : fromB) {
                double similarity = claimSimilarity(a, first, b, second, stats);
                if (best == null || similarity > best.similarity()) {
                    best = new ClaimPair(first, second, similarity);
                }
            }
        }
        return best;
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
        int[] first = a.topicIds().priorities(), second = b.topicIds().priorities();
        double dot = 0, normA = 0, normB = 0;
        for (int i = 0, j = 0; i < first.length || j < second.length; ) {
            if (j == second.length || (i < first.length && first[i] < second[j])) {
                double w = stats.topicRarity(first[i++]);
                normA += w * w;
            } else if (i == first.length || first[i] > second[j]) {
                double w = stats.topicRarity(second[j++]);
                normB += w * w;
            } else {
                double w = stats.topicRarity(first[i]);
                normA += w * w;
                normB += w * w;
                dot += w * w;
                i++;
                j++;
            }
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    static double jaccard(Set<String> a, Set<String> b) {
        return jaccard(Vocabulary.sortedIds(a), Vocabulary.sortedIds(b));
    }

    /** {@link #jaccard(Set, Set)} of two sorted id arrays. */
    static double jaccard(int[] a, int[] b) {
        if (a.length == 0 && b.length == 0) {
            return 0;
        }
        int shared = TopicIds.shared(a, b);
        return (double) shared / (a.length + b.length - shared);
    }

    /** TF-IDF cosine of the analysed profile texts. */
    static double textSimilarity(HubFeatures a, HubFeatures b, NetworkStats stats) {
        return cosine(a.textTerms(), b.textTerms(), stats);
    }

    /** TF-IDF cosine of two term-count vectors, with the network's document frequencies. */
    static double cosine(Map<String, Integer> first, Map<String, Integer> second, NetworkStats stats) {
        return cosine(TermVector.of(first), TermVector.of(second), stats);
    }

    /**
     * TF-IDF cosine of two texts: the norms are the vectors' own (cached per network state), the dot product one merge
     * over their sorted term ids that multiplies only the terms they share.
     */
    static double cosine(TermVector first, TermVector second, NetworkStats stats) {
        if (first.size() == 0 || second.size() == 0) {
            return 0;
        }
        double normA = first.squaredNorm(stats), normB = second.squaredNorm(stats);
        if (normA == 0 || normB == 0) {
            return 0;
        }
        int[] ids = first.ids(), otherIds = second.ids();
        double[] weights = first.weights(), otherWeights = second.weights();
        double dot = 0;
        int i = 0, j = 0;
        while (i < ids.length && j < otherIds.length) {
            if (ids[i] < otherIds[j]) {
                i++;
            } else if (ids[i] > otherIds[j]) {
                j++;
            } else {
                double idf = stats.termIdf(ids[i]);
                dot += (weights[i++] * idf) * (otherWeights[j++] * idf);
            }
        }
        return dot / Math.sqrt(normA * normB);
    }

    /**
     * 1 when both hubs belong to a bloc with joint funding programmes (from the data file), else 0. Region alone
     * neither adds nor subtracts, and a hub in no bloc is neutral: the factor only ever lifts pairs that can bid together.
     */
    static double regional(HubFeatures a, HubFeatures b) {
        return a.blocs().stream().anyMatch(b.blocs()::contains) ? 1.0 : 0.0;
    }

    /** The factor values in {@link ScoringModel#FACTORS} order. */
    private double[] factorValues(HubFeatures a, HubFeatures b, NetworkStats stats) {
        return new double[]{
                reciprocal(coverage(a, b, stats, model.claimMeaningShare()), coverage(b, a, stats, model.claimMeaningShare()),
                        model.oneSidedSmoothing()),
                sharedPriorities(a, b, stats),
                jaccard(a.topicIds().industries(), b.topicIds().industries()),
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

    private List<Reason> explain(HubFeatures a, HubFeatures b, NetworkStats stats) {
        List<Reason> reasons = new ArrayList<>();
        complementarityReasons(a, b, stats, reasons);
        complementarityReasons(b, a, stats, reasons);
        List<String> shared = a.priorities().stream().filter(b.priorities()::contains)
                .sorted(Comparator.comparingDouble(t -> -stats.topicRarity(t))).limit(4).toList();
        if (!shared.isEmpty()) {
            List<ClaimEvidence> claims = new ArrayList<>();
            for (String topic : shared) {
                List<TopicClaim> fromA = a.priorityClaims().getOrDefault(topic, List.of());
                List<TopicClaim> fromB = b.priorityClaims().getOrDefault(topic, List.of());
                if (!fromA.isEmpty() && !fromB.isEmpty()) {
                    ClaimPair pair = bestPair(a, fromA, b, fromB, stats);
                    claims.add(evidence(a, "priority", topic, pair.first()));
                    claims.add(evidence(b, "priority", topic, pair.second()));
                }
            }
            reasons.add(new Reason("shared-priority",
                    "Both work on " + join(shared.stream().map(taxonomy::label).toList()) + ".", claims));
        }
        List<String> industries = a.industries().stream().filter(b.industries()::contains).map(taxonomy::label).toList();
        if (!industries.isEmpty()) {
            reasons.add(new Reason("industry", "Both count " + join(industries) + " among their top industries.", List.of()));
        }
        a.blocs().stream().filter(b.blocs()::contains).findFirst().ifPresent(bloc -> {
            List<String> programmes = model.fundingBlocs().programmes(bloc);
            reasons.add(new Reason("funding", "Both are in the " + bloc + ", so they can bid together for "
                    + join(programmes) + ".", List.of()));
        });
        if (reasons.stream().noneMatch(r -> !r.claims().isEmpty())) {
            relatedWork(a, b, stats).ifPresent(reasons::add);
        }
        return reasons;
    }

    /**
     * Whether {@link #score} gives the pair at least one reason (common ground either way, or claims that relate):
     * only such pairs are suggested, so no suggestion reaches a hub without its evidence. Cheap checks first; the
     * claim texts are compared only for pairs without a shared topic, industry or funding bloc.
     */
    public boolean explainable(HubFeatures a, HubFeatures b, NetworkStats stats) {
        TopicIds x = a.topicIds(), y = b.topicIds();
        if (TopicIds.shared(x.needs(), y.capabilities()) > 0 || TopicIds.shared(y.needs(), x.capabilities()) > 0
                || TopicIds.shared(x.priorities(), y.priorities()) > 0 || TopicIds.shared(x.industries(), y.industries()) > 0
                || a.blocs().stream().anyMatch(b.blocs()::contains)) {
            return true;
        }
        for (var first : roles(a)) {
            for (var second : roles(b)) {
                if (claimSimilarity(a, first.getValue(), b, second.getValue(), stats) >= model.relatedClaims()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * When no shared topic explains a pair, the text factor may still carry it: then the two claims (any role) that
     * say the most alike things are quoted, if they really relate, so no suggestion goes without its evidence.
     */
    private java.util.Optional<Reason> relatedWork(HubFeatures a, HubFeatures b, NetworkStats stats) {
        ClaimEvidence bestA = null, bestB = null;
        double best = model.relatedClaims();
        for (var first : roles(a)) {
            for (var second : roles(b)) {
                double similarity = claimSimilarity(a, first.getValue(), b, second.getValue(), stats);
                if (similarity >= best) {
                    best = similarity;
                    bestA = evidence(a, first.getKey(), first.getValue().topic(), first.getValue());
                    bestB = evidence(b, second.getKey(), second.getValue().topic(), second.getValue());
                }
            }
        }
        if (bestA == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Reason("related-work", "Both describe related work: " + a.name() + ", as a "
                + bestA.role() + ": " + bestA.text() + "; " + b.name() + ", as a " + bestB.role() + ": " + bestB.text()
                + ".", List.of(bestA, bestB)));
    }

    /** Every claim of a hub with its role, in a fixed order (needs, capabilities, priorities). */
    private static List<Map.Entry<String, TopicClaim>> roles(HubFeatures hub) {
        List<Map.Entry<String, TopicClaim>> all = new ArrayList<>();
        hub.needs().values().forEach(claims -> claims.forEach(c -> all.add(Map.entry("need", c))));
        hub.capabilities().values().forEach(claims -> claims.forEach(c -> all.add(Map.entry("capability", c))));
        hub.priorityClaims().values().forEach(claims -> claims.forEach(c -> all.add(Map.entry("priority", c))));
        return all;
    }

    /**
     * "A seeks: … B offers: …" for each of the seeker's needs that the offerer covers, rarest first, pairing
     * the two claims whose texts relate most, each with its evidence quote and source.
     */
    private void complementarityReasons(HubFeatures seeker, HubFeatures offerer, NetworkStats stats, List<Reason> reasons) {
        seeker.needs().entrySet().stream()
                .filter(need -> offerer.capabilities().containsKey(need.getKey()))
                .sorted(Comparator.comparingDouble(need -> -stats.topicRarity(need.getKey())))
                .limit(2)
                .forEach(need -> {
                    String topic = need.getKey();
                    ClaimPair pair = bestPair(seeker, need.getValue(), offerer, offerer.capabilities().get(topic), stats);
                    // Claim texts keep their own capitalisation: they often start with a proper name. Two claims are
                    // set side by side as "seeks … offers …" only when they say related things; otherwise the
                    // reason is the shared topic, with both claims as its evidence.
                    String text = pair.similarity() >= model.relatedClaims()
                            ? seeker.name() + " seeks: " + pair.first().text() + " (" + taxonomy.label(topic) + "). "
                                    + offerer.name() + " offers: " + pair.second().text() + "."
                            : seeker.name() + " seeks " + taxonomy.label(topic) + " and " + offerer.name()
                                    + " lists it among its capabilities.";
                    reasons.add(new Reason("complementarity", text,
                            List.of(evidence(seeker, "need", topic, pair.first()), evidence(offerer, "capability", topic, pair.second()))));
                });
    }

    private static ClaimEvidence evidence(HubFeatures hub, String role, String topic, TopicClaim claim) {
        return new ClaimEvidence(hub.slug(), hub.name(), role, topic, claim.text(), claim.evidence(), claim.source());
    }

    private static String join(List<String> items) {
        if (items.isEmpty()) {
            return "its joint programmes";
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
