package org.amhub.matchmaker.evaluation;

import org.amhub.events.Taxonomy;
import org.amhub.matchmaker.scoring.ScoringModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's known collaborations, recovered from the seed profiles, whose evidence comes only from each hub's own
 * section (never from the collaborations section). Asserts margins and neighbourhoods, not exact ranks.
 */
class SeedEvaluationTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The model's MRR must beat the baseline that sees the same topics and industries by this factor. */
    static final double MARGIN_OVER_SAME_FEATURES = 1.25;

    static Evaluation.Result evaluate() throws Exception {
        return new Evaluation(HubDataset.read(ROOT.resolve("hub-registry/src/main/resources/seed/hubs.json")),
                ScoringModel.defaults(), Taxonomy.standard())
                .evaluate(GroundTruth.read(ROOT.resolve("docs/evaluation/ground-truth-2021.json")));
    }

    @Test
    void knownPartnersAreInTheTopThreeBothWays() throws Exception {
        Evaluation.Result result = evaluate();
        assertThat(result.pairs()).allSatisfy(pair -> assertThat(pair.modelRank())
                .as("%s -> %s", pair.from(), pair.to()).isBetween(1, 3));
    }

    @Test
    void europeanHubsAreAmongTheTopThreeConsortia() throws Exception {
        assertThat(evaluate().groups()).singleElement().satisfies(group -> assertThat(group.consortiumRank()).isBetween(1, 3));
    }

    @Test
    void modelBeatsEveryBaselineAndTheSameFeatureOneByTheMargin() throws Exception {
        Evaluation.Result result = evaluate();
        double model = result.model().get("MRR");
        assertThat(model).isGreaterThan(MARGIN_OVER_SAME_FEATURES * result.sameFeatureBaseline().get("MRR"));
        assertThat(model).isGreaterThan(result.industryBaseline().get("MRR")).isGreaterThan(result.random().get("MRR"));
        assertThat(result.model().get("nDCG@3")).isGreaterThan(result.sameFeatureBaseline().get("nDCG@3"));
    }

    @Test
    void noHubCrowdsTheLists() throws Exception {
        Evaluation.Exposure exposure = evaluate().exposure();
        assertThat(exposure.maxShare()).isLessThanOrEqualTo(0.7);
        assertThat(exposure.gini()).isLessThan(0.3);
    }
}
