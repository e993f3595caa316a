package org.amhub.matchmaker.evaluation;

import org.amhub.events.Taxonomy;
import org.amhub.matchmaker.scoring.ScoringModel;

import java.nio.file.Path;
import java.util.List;

/**
 * Command line: {@code Evaluate HUBS.json GROUND_TRUTH.json [search]} prints the model against its baselines, the
 * known partners' ranks, the exposure figures and, with {@code search}, the leave-one-collaboration-out weight search.
 */
public final class Evaluate {

    private Evaluate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Evaluate <hubs.json> <ground-truth.json> [search]");
            System.exit(2);
        }
        var hubs = HubDataset.read(Path.of(args[0]));
        GroundTruth truth = GroundTruth.read(Path.of(args[1]));
        Evaluation.Result result = new Evaluation(hubs, ScoringModel.defaults(), Taxonomy.standard()).evaluate(truth);
        System.out.println(report(result));
        if (args.length > 2 && args[2].equals("bite")) {
            System.out.println(biteReport(hubs, truth));
        }
        if (args.length > 2 && args[2].equals("search")) {
            long start = System.nanoTime();
            WeightSearch.Outcome outcome = new WeightSearch(hubs, ScoringModel.defaults(), Taxonomy.standard()).run(truth);
            System.out.println(searchReport(outcome, (System.nanoTime() - start) / 1e9));
        }
    }

    public static String report(Evaluation.Result result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Queries (hubs with a known partner): %d%n%n", result.queries()));
        List<Evaluation.Metrics> rankers = List.of(result.model(), result.sameFeatureBaseline(), result.industryBaseline(),
                result.random());
        out.append("| metric |");
        rankers.forEach(r -> out.append(' ').append(r.ranker()).append(" |"));
        out.append(String.format("%n| --- |%s%n", " --- |".repeat(rankers.size())));
        result.model().values().keySet().forEach(metric -> {
            out.append("| ").append(metric).append(" |");
            rankers.forEach(r -> out.append(String.format(" %.3f |", r.get(metric))));
            out.append(String.format("%n"));
        });
        out.append(String.format("%n| query -> known partner | model | same-feature Jaccard | industry Jaccard |%n"
                + "| --- | --- | --- | --- |%n"));
        result.pairs().forEach(p -> out.append(String.format("| %s -> %s | %d | %d | %d |%n", p.from(), p.to(),
                p.modelRank(), p.sameFeatureRank(), p.industryRank())));
        if (!result.groups().isEmpty()) {
            out.append(String.format("%n| known group | consortium rank (0 = not found) | goal |%n| --- | --- | --- |%n"));
            result.groups().forEach(g -> out.append(String.format("| %s | %d | %s |%n", String.join(", ", g.hubs()),
                    g.consortiumRank(), g.goal() == null ? "-" : g.goal())));
        }
        Evaluation.Exposure exposure = result.exposure();
        out.append(String.format("%nExposure over the %d hubs' lists: most listed %s in %.0f%% of lists; Gini of list "
                        + "appearances %.3f; %.0f%% of all pairs appear in some list.%n", exposure.lists(),
                exposure.mostListed(), 100 * exposure.maxShare(), exposure.gini(), 100 * exposure.pairCoverage()));
        return out.toString();
    }

    /**
     * Whether the seed evaluation's assertions can tell a good model from a bad one: how many random weight settings
     * (uniform on the simplex, fixed seed) would pass them.
     */
    static String biteReport(List<org.amhub.events.hub.HubProfile> hubs, GroundTruth truth) {
        java.util.Random random = new java.util.Random(7);
        int runs = 2000, passed = 0;
        for (int run = 0; run < runs; run++) {
            double[] w = new double[5];
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = -Math.log(1 - random.nextDouble());
                sum += w[i];
            }
            for (int i = 0; i < w.length; i++) {
                w[i] /= sum;
            }
            ScoringModel model = ScoringModel.defaults().withWeights(w, random.nextDouble(), random.nextDouble());
            Evaluation.Result r = new Evaluation(hubs, model, Taxonomy.standard()).evaluate(truth);
            boolean pass = r.pairs().stream().allMatch(p -> p.modelRank() >= 1 && p.modelRank() <= 3)
                    && r.groups().stream().allMatch(g -> g.consortiumRank() >= 1 && g.consortiumRank() <= 3)
                    && r.model().get("MRR") > 1.25 * r.sameFeatureBaseline().get("MRR")
                    && r.exposure().maxShare() <= 0.7 && r.exposure().gini() < 0.3;
            if (pass) {
                passed++;
            }
        }
        return String.format("%nRandom weight settings passing SeedEvaluationTest's assertions: %d of %d (%.1f%%)%n",
                passed, runs, 100.0 * passed / runs);
    }

    static String searchReport(WeightSearch.Outcome outcome, double seconds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nWeight search: %d settings (weights in FACTORS order: complementarity, "
                + "shared-priorities, industry-overlap, text-similarity, regional), %.0f s.%n%n", outcome.settingsTried(), seconds));
        out.append(String.format("| held-out collaboration | chosen on the others | objective on the others | held-out MRR |%n"
                + "| --- | --- | --- | --- |%n"));
        outcome.folds().forEach(f -> out.append(String.format("| %s | %s | %.3f | %.3f |%n", f.heldOut(), f.chosen(),
                f.trainObjective(), f.heldOutMrr())));
        out.append(String.format("%nChosen on all collaborations: %s (objective %.3f)%n", outcome.chosenOnAll(),
                outcome.objectiveOnAll()));
        return out.toString();
    }
}
