package org.amhub.matchmaker.evaluation;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.matchmaker.scoring.Consortium;
import org.amhub.matchmaker.scoring.ConsortiumFinder;
import org.amhub.matchmaker.scoring.FeatureExtractor;
import org.amhub.matchmaker.scoring.MatchEngine;
import org.amhub.matchmaker.scoring.ScoringModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToDoubleBiFunction;

/**
 * Ranking quality of the model against known collaborations, side by side with a naive baseline (Jaccard over top
 * industries). Each hub with a known partner is a query; its ranking is every other hub by pair score.
 */
public final class Evaluation {

    public static final int[] KS = {1, 3, 5};

    /** Metrics of one ranker, averaged over the query hubs; keys like "P@3". */
    public record Metrics(String ranker, Map<String, Double> values) {
    }

    /** Where the partner of a known pair ranks, seen from each side (1 = first). */
    public record PairRank(String from, String to, int modelRank, int baselineRank) {
    }

    /** Where a known group ranks among the consortia (0 = not found). */
    public record GroupRank(List<String> hubs, int consortiumRank, String goal) {
    }

    public record Result(Metrics model, Metrics baseline, List<PairRank> pairs, List<GroupRank> groups, int queries) {
        public PairRank rank(String from, String to) {
            return pairs.stream().filter(p -> p.from().equals(from) && p.to().equals(to)).findFirst().orElseThrow();
        }
    }

    private final MatchEngine engine;
    private final FeatureExtractor extractor;
    private final Map<String, UUID> idsBySlug = new LinkedHashMap<>();
    private final Map<UUID, Set<String>> industries = new LinkedHashMap<>();
    private final Taxonomy taxonomy;

    public Evaluation(List<HubProfile> hubs, ScoringModel model, Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
        this.engine = new MatchEngine(model, taxonomy);
        this.extractor = new FeatureExtractor(taxonomy, model);
        for (HubProfile hub : hubs) {
            engine.upsert(hub);
            idsBySlug.put(hub.slug(), hub.id());
            industries.put(hub.id(), extractor.industries(hub.topIndustries()));
        }
    }

    public Result evaluate(GroundTruth truth) {
        Map<String, Set<String>> related = new TreeMap<>();
        for (GroundTruth.Collaboration collaboration : truth.collaborations()) {
            for (String a : collaboration.hubs()) {
                requireKnown(a);
                for (String b : collaboration.hubs()) {
                    if (!a.equals(b)) {
                        related.computeIfAbsent(a, k -> new HashSet<>()).add(b);
                    }
                }
            }
        }
        ToDoubleBiFunction<UUID, UUID> model = engine::score;
        ToDoubleBiFunction<UUID, UUID> baseline = (a, b) -> jaccard(industries.get(a), industries.get(b));
        List<PairRank> pairs = new ArrayList<>();
        for (GroundTruth.Collaboration collaboration : truth.collaborations()) {
            if (collaboration.isGroup()) {
                continue;
            }
            String a = collaboration.hubs().get(0), b = collaboration.hubs().get(1);
            pairs.add(new PairRank(a, b, ranking(a, model).indexOf(b) + 1, ranking(a, baseline).indexOf(b) + 1));
            pairs.add(new PairRank(b, a, ranking(b, model).indexOf(a) + 1, ranking(b, baseline).indexOf(a) + 1));
        }
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
        return new Result(metrics("model", related, model), metrics("baseline (industry Jaccard)", related, baseline),
                pairs, groups, related.size());
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
            List<String> ranking = ranking(query.getKey(), scorer);
            Set<String> relevant = query.getValue();
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
        Map<String, Double> averages = new LinkedHashMap<>();
        sums.forEach((key, sum) -> averages.put(key, sum / related.size()));
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
