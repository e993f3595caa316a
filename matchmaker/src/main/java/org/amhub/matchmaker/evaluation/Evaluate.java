package org.amhub.matchmaker.evaluation;

import org.amhub.events.Taxonomy;
import org.amhub.matchmaker.scoring.ScoringModel;

import java.nio.file.Path;

/** Command line: {@code Evaluate HUBS.json GROUND_TRUTH.json} prints model vs baseline metrics and known ranks. */
public final class Evaluate {

    private Evaluate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Evaluate <hubs.json> <ground-truth.json>");
            System.exit(2);
        }
        Evaluation.Result result = new Evaluation(HubDataset.read(Path.of(args[0])), ScoringModel.defaults(), Taxonomy.standard())
                .evaluate(GroundTruth.read(Path.of(args[1])));
        System.out.println(report(result));
    }

    public static String report(Evaluation.Result result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Queries (hubs with a known partner): %d%n%n", result.queries()));
        out.append(String.format("| metric | %s | %s |%n| --- | --- | --- |%n", result.model().ranker(), result.baseline().ranker()));
        result.model().values().forEach((metric, value) -> out.append(String.format("| %s | %.3f | %.3f |%n", metric, value,
                result.baseline().values().get(metric))));
        out.append(String.format("%n| known pair (from -> to) | model rank | baseline rank |%n| --- | --- | --- |%n"));
        result.pairs().forEach(p -> out.append(String.format("| %s -> %s | %d | %d |%n", p.from(), p.to(), p.modelRank(), p.baselineRank())));
        if (!result.groups().isEmpty()) {
            out.append(String.format("%n| known group | consortium rank (0 = not found) | goal |%n| --- | --- | --- |%n"));
            result.groups().forEach(g -> out.append(String.format("| %s | %d | %s |%n", String.join(", ", g.hubs()), g.consortiumRank(),
                    g.goal() == null ? "-" : g.goal())));
        }
        return out.toString();
    }
}
