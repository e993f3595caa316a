package org.amhub.matchmaker.evaluation;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.matchmaker.scoring.Consortium;
import org.amhub.matchmaker.scoring.ConsortiumFinder;
import org.amhub.matchmaker.scoring.FeatureExtractor;
import org.amhub.matchmaker.scoring.HubFeatures;
import org.amhub.matchmaker.scoring.MatchEngine;
import org.amhub.matchmaker.scoring.ScoringModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToDoubleBiFunction;

/**
 * Ranking quality of the model against known collaborations, side by side with baselines computed in the same run:
 * random order, Jaccard over top industries, and Jaccard over the same topics and industries the model sees. Each hub
 * with a known partner is a query; its ranking is every other hub, ordered as the hub's list would order them (pair
 * score less the popularity penalty). Exposure (how evenly hubs appear in each other's lists) is reported too.
 */
public final class Evaluation {

    public static final int[] KS = {1, 3, 5};
    /** Random rankings averaged for the random baseline (fixed seed, so reports are reproducible). */
    static final int RANDOM_RUNS = 200;

    /** Metrics of one ranker, averaged over the query hubs; keys like "P@3". */
    public record Metrics(String ranker, Map<String, Double> values) {
        public double get(String metric) {
            return values.getOrDefault(metric, 0.0);
        }
    }

    /** Where a partner ranks for one query hub under each ranker (1 = first). */
    public record PairRank(String from, String to, int modelRank, int industryRank, int sameFeatureRank) {
        /** Kept for older callers: the industry-Jaccard baseline's rank. */
        public int baselineRank() {
            return industryRank;
        }
    }

    /** Where a known group ranks among the consortia (0 = not found). */
    public record GroupRank(List<String> hubs, int consortiumRank, String goal) {
    }

    /**
     * How evenly the lists expose hubs: the largest share of lists one hub is in, the Gini coefficient of list
     * appearances over all hubs, and the share of all pairs that appear in some list.
     */
    public record Exposure(double maxShare, String mostListed, double gini, double pairCoverage, int lists) {
    }

    public record Result(Metrics model, Metrics random, Metrics industryBaseline, Metrics sameFeatureBaseline,
                         List<PairRank> pairs, List<GroupRank> groups, Exposure exposure, int queries) {
        public PairRank rank(String from, String to) {
            return pairs.stream().filter(p -> p.from().equals(from) && p.to().equals(to)).findFirst().orElseThrow();
        }

        /** Kept for older callers: the industry-Jaccard baseline. */
        public Metrics baseline() {
            return industryBaseline;
        }
    }

    private final MatchEngine engine;
    private final Map<String, UUID> idsBySlug = new TreeMap<>();
    private final Map<UUID, Set<String>> industries = new HashMap<>();
    private final Map<UUID, Set<String>> features = new HashMap<>();
    private final Taxonomy taxonomy;

    public Evaluation(List<HubProfile> hubs, ScoringModel model, Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
        this.engine = new MatchEngine(model, taxonomy);
        FeatureExtractor extractor = new FeatureExtractor(taxonomy, model);
        engine.load(hubs);
        for (HubProfile hub : hubs) {
            idsBySlug.put(hub.slug(), hub.id());
            HubFeatures extracted = extractor.extract(hub);
            industries.put(hub.id(), extracted.industries());
            Set<String> all = new HashSet<>();
            extracted.priorities().forEach(t -> all.add("priority:" + t));
            extracted.needs().keySet().forEach(t -> all.add("need:" + t));
            extracted.capabilities().keySet().forEach(t -> all.add("capability:" + t));
            extracted.industries().forEach(t -> all.add("industry:" + t));
            features.put(hub.id(), all);
        }
    }

    public MatchEngine engine() {
        return engine;
    }

    public Result evaluate(GroundTruth truth) {
        Map<String, Set<String>> related = related(truth);
        ToDoubleBiFunction<UUID, UUID> model = engine::rankScore;
        ToDoubleBiFunction<UUID, UUID> industry = (a, b) -> jaccard(industries.get(a), industries.get(b));
        ToDoubleBiFunction<UUID, UUID> sameFeatures = (a, b) -> jaccard(sameFeatureView(a, b), sameFeatureView(b, a));
        List<PairRank> pairs = new ArrayList<>();
        for (Map.Entry<String, Set<String>> query : related.entrySet()) {
            for (String partner : query.getValue()) {
                String from = query.getKey();
                pairs.add(new PairRank(from, partner, ranking(from, model).indexOf(partner) + 1,
                        ranking(from, industry).indexOf(partner) + 1, ranking(from, sameFeatures).indexOf(partner) + 1));
            }
        }
        return new Result(metrics("model", related, model), randomMetrics(related),
                metrics("industry Jaccard", related, industry), metrics("same-feature Jaccard", related, sameFeatures),
                pairs, groups(truth), exposure(), related.size());
    }

    /** The model's metrics alone (what a weight search needs, without the baselines). */
    public Metrics modelMetrics(GroundTruth truth) {
        return metrics("model", related(truth), engine::rankScore);
    }

    /**
     * The model's features as a set, with needs and capabilities crossed the way complementarity reads them (A's
     * needs meet B's capabilities): so the baseline sees what the model sees, only without weights or meaning.
     */
    private Set<String> sameFeatureView(UUID self, UUID other) {
        // Name the pair's two sides "first" and "second" by id: the first's need x and the second's capability x
        // become the same element, "first seeks x", and the other way round.
        boolean first = self.compareTo(other) < 0;
        Set<String> view = new HashSet<>();
        for (String feature : features.get(self)) {
            if (feature.startsWith("need:")) {
                view.add((first ? "first seeks " : "second seeks ") + feature.substring(5));
            } else if (feature.startsWith("capability:")) {
                view.add((first ? "second seeks " : "first seeks ") + feature.substring(11));
            } else {
                view.add(feature);
            }
        }
        return view;
    }

    /** Query hub slug → the slugs it collaborated with. */
    Map<String, Set<String>> related(GroundTruth truth) {
        Map<String, Set<String>> related = new TreeMap<>();
        for (GroundTruth.Collaboration collaboration : truth.collaborations()) {
            for (String a : collaboration.hubs()) {
                requireKnown(a);
                for (String b : collaboration.hubs()) {
                    if (!a.equals(b)) {
                        related.computeIfAbsent(a, k -> new java.util.TreeSet<>()).add(b);
                    }
                }
            }
        }
        return related;
    }

    private List<GroupRank> groups(GroundTruth truth) {
        List<Consortium> consortia = new ConsortiumFinder(engine, taxonomy).find();
        List<GroupRank> groups = new ArrayList<>();
        for (GroundTruth.Collaboration collaboration : truth.collaborations()) {
            if (!collaboration.isGroup()) {
                continue;
            }
            Set<UUID> members = new HashSet<>(collaboration.hubs().stream().map(idsBySlug::get).toList());
            int rank = 0;
            String goal = null;
            for (int i = 0; i < consortia.size(); i++) {
                if (consortia.get(i).members().containsAll(members)) {
                    rank = i + 1;
                    goal = consortia.get(i).goal();
                    break;
                }
            }
            groups.add(new GroupRank(collaboration.hubs(), rank, goal));
        }
        return groups;
    }

    /** Exposure over the engine's actual lists (what coordinators see). */
    Exposure exposure() {
        Map<UUID, Integer> appearances = new HashMap<>();
        idsBySlug.values().forEach(id -> appearances.put(id, 0));
        Set<String> pairs = new HashSet<>();
        int lists = 0;
        for (UUID hub : idsBySlug.values()) {
            List<MatchEngine.Ranked> list = engine.suggestionsFor(hub);
            lists++;
            for (MatchEngine.Ranked entry : list) {
                appearances.merge(entry.other(), 1, Integer::sum);
                pairs.add(hub.compareTo(entry.other()) < 0 ? hub + "|" + entry.other() : entry.other() + "|" + hub);
            }
        }
        UUID top = appearances.entrySet().stream().max(Map.Entry.<UUID, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(null);
        int n = idsBySlug.size();
        double maxShare = top == null || lists == 0 ? 0 : (double) appearances.get(top) / lists;
        String topSlug = idsBySlug.entrySet().stream().filter(e -> e.getValue().equals(top)).map(Map.Entry::getKey)
                .findFirst().orElse("-");
        return new Exposure(maxShare, topSlug, gini(appearances.values().stream().mapToInt(Integer::intValue).toArray()),
                n < 2 ? 0 : pairs.size() / (n * (n - 1) / 2.0), lists);
    }

    static double gini(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0, weighted = 0;
        for (int i = 0; i < sorted.length; i++) {
            sum += sorted[i];
            weighted += (i + 1) * (double) sorted[i];
        }
        int n = sorted.length;
        return sum == 0 ? 0 : (2 * weighted) / (n * sum) - (n + 1.0) / n;
    }

    /** Every other hub's slug, best first; ties broken by slug so results are reproducible. */
    List<String> ranking(String slug, ToDoubleBiFunction<UUID, UUID> scorer) {
        UUID self = idsBySlug.get(slug);
        return idsBySlug.entrySet().stream()
                .filter(e -> !e.getValue().equals(self))
                .sorted(Comparator.<Map.Entry<String, UUID>>comparingDouble(e -> -scorer.applyAsDouble(self, e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
    }

    private Metrics metrics(String name, Map<String, Set<String>> related, ToDoubleBiFunction<UUID, UUID> scorer) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> query : related.entrySet()) {
            accumulate(sums, ranking(query.getKey(), scorer), query.getValue());
        }
        return average(name, sums, related.size());
    }

    /** The expected metrics of a random order, estimated over many seeded shuffles. */
    private Metrics randomMetrics(Map<String, Set<String>> related) {
        Random random = new Random(42);
        Map<String, Double> sums = new LinkedHashMap<>();
        for (int run = 0; run < RANDOM_RUNS; run++) {
            for (Map.Entry<String, Set<String>> query : related.entrySet()) {
                List<String> others = new ArrayList<>(idsBySlug.keySet());
                others.remove(query.getKey());
                java.util.Collections.shuffle(others, random);
                accumulate(sums, others, query.getValue());
            }
        }
        return average("random", sums, related.size() * RANDOM_RUNS);
    }

    private static void accumulate(Map<String, Double> sums, List<String> ranking, Set<String> relevant) {
        for (int k : KS) {
            long hits = ranking.stream().limit(k).filter(relevant::contains).count();
            sums.merge("P@" + k, (double) hits / k, Double::sum);
            sums.merge("R@" + k, (double) hits / relevant.size(), Double::sum);
            sums.merge("nDCG@" + k, ndcg(ranking, relevant, k), Double::sum);
        }
        int first = 0;
        for (int i = 0; i < ranking.size(); i++) {
            if (relevant.contains(ranking.get(i))) {
                first = i + 1;
                break;
            }
        }
        sums.merge("MRR", first == 0 ? 0 : 1.0 / first, Double::sum);
    }

    private static Metrics average(String name, Map<String, Double> sums, int count) {
        Map<String, Double> averages = new LinkedHashMap<>();
        sums.forEach((key, sum) -> averages.put(key, sum / count));
        return new Metrics(name, averages);
    }

    private static double ndcg(List<String> ranking, Set<String> relevant, int k) {
        double dcg = 0, ideal = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            if (relevant.contains(ranking.get(i))) {
                dcg += 1 / (Math.log(i + 2) / Math.log(2));
            }
        }
        for (int i = 0; i < Math.min(k, relevant.size()); i++) {
            ideal += 1 / (Math.log(i + 2) / Math.log(2));
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union.isEmpty() ? 0 : (double) a.stream().filter(b::contains).count() / union.size();
    }

    private void requireKnown(String slug) {
        if (!idsBySlug.containsKey(slug)) {
            throw new IllegalArgumentException("Ground truth names '" + slug + "', which is not in the hub dataset");
        }
    }
}
