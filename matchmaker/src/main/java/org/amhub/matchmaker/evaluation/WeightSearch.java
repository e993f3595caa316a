package org.amhub.matchmaker.evaluation;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.matchmaker.scoring.ScoringModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How the shipped weights were chosen: a grid over the weight simplex (step 0.1) and the two re-ranking settings,
 * scored by leave-one-collaboration-out. For each known collaboration, the setting that does best on the others is
 * judged on the one left out; the held-out scores say how well the choice generalises, as far as three
 * collaborations can say anything. Objective: mean reciprocal rank of the partners of the kept collaborations' hubs,
 * minus a penalty on exposure inequality (so a setting that wins by listing one hub everywhere loses), ties to the
 * setting closest to equal weights.
 */
public final class WeightSearch {

    static final double[] MEANING_SHARES = {0.0, 0.25, 0.5, 0.75};
    static final double[] DEBIAS = {0.0, 0.25, 0.5, 1.0};
    static final double EXPOSURE_PENALTY = 0.25;

    public record Candidate(double[] weights, String similarity, double meaningShare, double debias) {
        @Override
        public String toString() {
            return String.format("weights %s, %s, claim-meaning-share %.2f, exposure-debias %.2f",
                    Arrays.toString(weights), similarity, meaningShare, debias);
        }
    }

    public record Fold(String heldOut, Candidate chosen, double trainObjective, double heldOutMrr) {
    }

    public record Outcome(List<Fold> folds, Candidate chosenOnAll, double objectiveOnAll, int settingsTried) {
    }

    private final List<HubProfile> hubs;
    private final ScoringModel base;
    private final Taxonomy taxonomy;

    public WeightSearch(List<HubProfile> hubs, ScoringModel base, Taxonomy taxonomy) {
        this.hubs = hubs;
        this.base = base;
        this.taxonomy = taxonomy;
    }

    public Outcome run(GroundTruth truth) {
        List<Candidate> grid = grid();
        List<GroundTruth.Collaboration> all = truth.collaborations();
        // Score every setting on every single collaboration once; folds are then sums.
        double[][] mrr = new double[grid.size()][all.size()];
        double[] gini = new double[grid.size()];
        for (int g = 0; g < grid.size(); g++) {
            Candidate c = grid.get(g);
            Evaluation evaluation = new Evaluation(hubs, base.withWeights(c.weights(), c.meaningShare(), c.debias())
                    .withClaimSimilarity(c.similarity()), taxonomy);
            for (int i = 0; i < all.size(); i++) {
                mrr[g][i] = evaluation.modelMetrics(new GroundTruth(List.of(all.get(i)))).get("MRR");
            }
            gini[g] = evaluation.exposure().gini();
        }
        List<Fold> folds = new ArrayList<>();
        for (int held = 0; held < all.size(); held++) {
            int best = best(grid, mrr, gini, held);
            folds.add(new Fold(String.join("+", all.get(held).hubs()), grid.get(best),
                    objective(mrr[best], gini[best], held), mrr[best][held]));
        }
        int best = best(grid, mrr, gini, -1);
        return new Outcome(folds, grid.get(best), objective(mrr[best], gini[best], -1), grid.size());
    }

    private static int best(List<Candidate> grid, double[][] mrr, double[] gini, int heldOut) {
        int best = 0;
        for (int g = 1; g < grid.size(); g++) {
            double a = objective(mrr[g], gini[g], heldOut), b = objective(mrr[best], gini[best], heldOut);
            if (a > b + 1e-9 || (Math.abs(a - b) <= 1e-9 && spread(grid.get(g)) < spread(grid.get(best)))) {
                best = g;
            }
        }
        return best;
    }

    private static double objective(double[] mrrByCollaboration, double gini, int heldOut) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < mrrByCollaboration.length; i++) {
            if (i != heldOut) {
                sum += mrrByCollaboration[i];
                n++;
            }
        }
        return (n == 0 ? 0 : sum / n) - EXPOSURE_PENALTY * gini;
    }

    /** Distance from equal weights: the tie-breaker that prefers the least opinionated setting. */
    private static double spread(Candidate c) {
        double mean = Arrays.stream(c.weights()).average().orElse(0);
        return Arrays.stream(c.weights()).map(w -> (w - mean) * (w - mean)).sum();
    }

    static List<Candidate> grid() {
        List<Candidate> grid = new ArrayList<>();
        int steps = 10;
        for (int a = 0; a <= steps; a++) {
            for (int b = 0; a + b <= steps; b++) {
                for (int c = 0; a + b + c <= steps; c++) {
                    for (int d = 0; a + b + c + d <= steps; d++) {
                        int e = steps - a - b - c - d;
                        double[] w = {a / 10.0, b / 10.0, c / 10.0, d / 10.0, e / 10.0};
                        if (w[0] + w[1] + w[2] + w[3] == 0) {
                            continue; // the regional factor alone ranks nothing
                        }
                        for (String similarity : List.of(ScoringModel.EMBEDDING, ScoringModel.LEXICAL)) {
                            for (double m : MEANING_SHARES) {
                                for (double x : DEBIAS) {
                                    if (m > 0 || similarity.equals(ScoringModel.LEXICAL)) { // m = 0 ignores claims
                                        grid.add(new Candidate(w, similarity, m, x));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        grid.sort(Comparator.comparing(Candidate::toString));
        return grid;
    }
}
