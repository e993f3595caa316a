package org.amhub.matchmaker.evaluation;

import org.amhub.events.Taxonomy;
import org.amhub.matchmaker.scoring.ScoringModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's known collaborations, recovered from the seed profiles (which never name each other). */
class SeedEvaluationTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    Evaluation.Result evaluate() throws Exception {
        return new Evaluation(HubDataset.read(ROOT.resolve("hub-registry/src/main/resources/seed/hubs.json")),
                ScoringModel.defaults(), Taxonomy.standard())
                .evaluate(GroundTruth.read(ROOT.resolve("docs/evaluation/ground-truth-2021.json")));
    }

    @Test
    void knownPairsRankWhereTheReportPutsThem() throws Exception {
        Evaluation.Result result = evaluate();
        assertThat(result.rank("ulsan", "michigan").modelRank()).isEqualTo(1);
        assertThat(result.rank("michigan", "ulsan").modelRank()).isBetween(1, 3);
        assertThat(result.rank("brazil", "queensland").modelRank()).isEqualTo(1);
        assertThat(result.rank("queensland", "brazil").modelRank()).isBetween(1, 3);
    }

    @Test
    void europeanHubsFormAConsortium() throws Exception {
        assertThat(evaluate().groups()).singleElement().satisfies(group -> assertThat(group.consortiumRank()).isPositive());
    }

    @Test
    void modelBeatsTheIndustryBaseline() throws Exception {
        Evaluation.Result result = evaluate();
        assertThat(result.model().values().get("MRR")).isGreaterThan(result.baseline().values().get("MRR"));
        assertThat(result.model().values().get("nDCG@3")).isGreaterThan(result.baseline().values().get("nDCG@3"));
        assertThat(Evaluate.report(result)).contains("| ulsan -> michigan | 1 |");
    }
}
