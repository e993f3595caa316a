package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.TopicClaim;
import org.amhub.events.match.FactorScore;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.amhub.matchmaker.scoring.Profiles.hub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The factor formulas, on hand-made profiles whose values can be worked out on paper. */
class ScoreArithmeticTest {

    static final Taxonomy TAXONOMY = Taxonomy.standard();
    final FeatureExtractor extractor = new FeatureExtractor(TAXONOMY, Models.lexical().build());

    HubFeatures features(Profiles profile) {
        return extractor.extract(profile.build());
    }

    /** The same hub, with these sentence vectors for its claims (by claim text). */
    static HubFeatures withVectors(HubFeatures f, Map<String, float[]> byText) {
        Map<TopicClaim, float[]> vectors = new HashMap<>();
        f.claimTerms().keySet().forEach(claim -> {
            if (byText.containsKey(claim.text())) {
                vectors.put(claim, byText.get(claim.text()));
            }
        });
        return new HubFeatures(f.id(), f.slug(), f.name(), f.country(), f.region(), f.blocs(), f.needs(), f.capabilities(),
                f.priorities(), f.priorityClaims(), f.industries(), f.termCounts(), f.claimTerms(), vectors);
    }

    static NetworkStats stats(HubFeatures... hubs) {
        NetworkStats stats = new NetworkStats();
        for (HubFeatures hub : hubs) {
            stats.add(hub);
        }
        return stats;
    }

    static TopicClaim claim(HubFeatures hub, String text) {
        return hub.claimTerms().keySet().stream().filter(c -> c.text().equals(text)).findFirst().orElseThrow();
    }

    @Test
    void aOneSidedFitKeepsOnlyWhatTheSmoothingLeaves() {
        // a = 1.1, b = 0.1: harmonic 2·1.1·0.1/1.2 = 0.18333, less the smoothing.
        assertThat(PairScorer.reciprocal(1, 0, 0.1)).isCloseTo(0.083333, within(1e-6));
        assertThat(PairScorer.reciprocal(0.5, 0.5, 0.1)).isCloseTo(0.5, within(1e-12));
        assertThat(PairScorer.reciprocal(1, 0, 0)).isZero();
    }

    @Test
    void industryOverlapIsJaccard() {
        assertThat(PairScorer.jaccard(Set.of("x", "y"), Set.of("y", "z"))).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(PairScorer.jaccard(Set.of("x"), Set.of("x"))).isEqualTo(1.0);
        assertThat(PairScorer.jaccard(Set.of("x"), Set.of())).isZero();
        assertThat(PairScorer.jaccard(Set.of(), Set.of())).isZero();
    }

    @Test
    void textCosineDampsRepeatedWords() {
        NetworkStats empty = new NetworkStats(); // every term has the same idf
        double cosine = PairScorer.cosine(Map.of("x", 1, "y", 2), Map.of("x", 1), empty);
        double y = 1 + Math.log(2);
        assertThat(cosine).isCloseTo(1 / Math.sqrt(1 + y * y), within(1e-12));
        assertThat(PairScorer.cosine(Map.of("x", 3), Map.of("x", 1), empty)).isCloseTo(1.0, within(1e-12));
        assertThat(PairScorer.cosine(Map.of("x", 1), Map.of("z", 1), empty)).isZero();
        assertThat(PairScorer.cosine(Map.of(), Map.of("z", 1), empty)).isZero();
        assertThat(PairScorer.cosine(Map.of("z", 1), Map.of(), empty)).isZero();
    }

    @Test
    void textCosineWeighsRareWordsMore() {
        FeatureExtractor lexical = extractor;
        NetworkStats stats = stats(lexical.extract(hub("a").offers("textiles", "quokka").build()),
                lexical.extract(hub("b").offers("textiles", "quokka zebra").build()),
                lexical.extract(hub("c").build()), lexical.extract(hub("d").build()));
        double quokka = Math.log(1 + 4.0 / 2), zebra = Math.log(1 + 4.0 / 1);
        assertThat(PairScorer.cosine(Map.of("quokka", 1, "zebra", 1), Map.of("quokka", 1), stats))
                .isCloseTo(quokka / Math.sqrt(quokka * quokka + zebra * zebra), within(1e-12));
        assertThat(PairScorer.cosine(Map.of("quokka", 1), Map.of("quokka", 1, "zebra", 1), stats))
                .isCloseTo(quokka / Math.sqrt(quokka * quokka + zebra * zebra), within(1e-12));
    }

    @Test
    void aWeightSearchChangesOnlyTheWeightsAndTheReRankingSettings() {
        ScoringModel base = Models.lexical().build();
        ScoringModel tried = base.withWeights(new double[]{1, 2, 3, 4, 5}, 0.25, 0.5);
        assertThat(List.of(tried.complementarityWeight(), tried.sharedPrioritiesWeight(), tried.industryWeight(),
                tried.textWeight(), tried.regionalWeight())).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(tried.totalWeight()).isEqualTo(15.0);
        assertThat(tried.claimMeaningShare()).isEqualTo(0.25);
        assertThat(tried.exposureDebias()).isEqualTo(0.5);
        assertThat(tried.withWeights(new double[]{1, 2, 3, 4, 5}, 0.25, 0.5)).isEqualTo(tried);
        assertThat(tried.claimSimilarity()).isEqualTo(base.claimSimilarity());
        assertThat(tried.maxSuggestionsPerHub()).isEqualTo(base.maxSuggestionsPerHub());
        assertThat(tried.fundingBlocs()).isEqualTo(base.fundingBlocs());
        assertThat(tried.withWeights(new double[]{0.2, 0.1, 0.0, 0.6, 0.1}, base.claimMeaningShare(), base.exposureDebias()))
                .isEqualTo(base);
    }

    @Test
    void sharedPrioritiesAreARarityWeightedCosine() {
        HubFeatures a = features(hub("a").priority("semiconductors").priority("textiles"));
        HubFeatures b = features(hub("b").priority("semiconductors"));
        HubFeatures c = features(hub("c").priority("textiles").priority("metals"));
        HubFeatures none = features(hub("none"));
        NetworkStats stats = stats(a, b, c, none);
        double s = stats.topicRarity("semiconductors"), t = stats.topicRarity("textiles"), m = stats.topicRarity("metals");
        assertThat(PairScorer.sharedPriorities(a, b, stats)).isCloseTo(s * s / Math.sqrt((s * s + t * t) * s * s), within(1e-12));
        assertThat(PairScorer.sharedPriorities(a, c, stats)).isCloseTo(t * t / Math.sqrt((s * s + t * t) * (t * t + m * m)), within(1e-12));
        assertThat(PairScorer.sharedPriorities(b, c, stats)).isZero();
        assertThat(PairScorer.sharedPriorities(a, none, stats)).isZero();
        assertThat(PairScorer.sharedPriorities(none, a, stats)).isZero();
    }

    @Test
    void coverageWeighsEachNeedByItsRarity() {
        HubFeatures seeker = features(hub("s").seeks("semiconductors", "wafer fab").seeks("skills", "welders"));
        HubFeatures offerer = features(hub("o").offers("semiconductors", "cleanroom"));
        HubFeatures other = features(hub("x").offers("skills", "courses"));
        HubFeatures idle = features(hub("idle").priority("skills"));
        NetworkStats stats = stats(seeker, offerer, other, idle);
        double rare = stats.topicRarity("semiconductors"), common = stats.topicRarity("skills-upskilling");
        assertThat(rare).isGreaterThan(common);
        assertThat(PairScorer.coverage(seeker, offerer, stats, 0)).isCloseTo(rare / (rare + common), within(1e-12));
        assertThat(PairScorer.coverage(seeker, other, stats, 0)).isCloseTo(common / (rare + common), within(1e-12));
        // A hub that needs nothing is covered by nobody.
        assertThat(PairScorer.coverage(idle, offerer, stats, 0)).isZero();
        assertThat(PairScorer.coverage(offerer, seeker, stats, 0)).isZero();
    }

    @Test
    void aSharedTopicIdAloneEarnsOnlyItsShareWhenTheClaimsSayUnrelatedThings() {
        HubFeatures seeker = features(hub("s").seeks("semiconductors", "wafer fab"));
        HubFeatures unrelated = features(hub("u").offers("semiconductors", "cleanroom"));
        HubFeatures same = features(hub("m").offers("semiconductors", "wafer fab"));
        NetworkStats stats = stats(seeker, unrelated, same);
        assertThat(PairScorer.coverage(seeker, unrelated, stats, 0.3)).isCloseTo(0.7, within(1e-12));
        assertThat(PairScorer.coverage(seeker, unrelated, stats, 0)).isCloseTo(1.0, within(1e-12));
        assertThat(PairScorer.coverage(seeker, same, stats, 0.3)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void embeddingSimilarityIsRescaledSoUnrelatedTextsScoreZero() {
        HubFeatures a = withVectors(features(hub("a").seeks("semiconductors", "one")),
                Map.of("one", new float[]{1, 0}));
        HubFeatures b = withVectors(features(hub("b").offers("semiconductors", "same").offers("semiconductors", "half")
                        .offers("semiconductors", "opposite").offers("semiconductors", "floor")),
                Map.of("same", new float[]{1, 0}, "half", new float[]{0.6f, 0.8f}, "opposite", new float[]{-1, 0},
                        "floor", new float[]{0.2f, (float) Math.sqrt(0.96)}));
        NetworkStats stats = stats(a, b);
        TopicClaim one = claim(a, "one");
        assertThat(PairScorer.claimSimilarity(a, one, b, claim(b, "same"), stats)).isCloseTo(1.0, within(1e-6));
        assertThat(PairScorer.claimSimilarity(a, one, b, claim(b, "half"), stats)).isCloseTo(0.5, within(1e-6));
        assertThat(PairScorer.claimSimilarity(a, one, b, claim(b, "floor"), stats)).isCloseTo(0.0, within(1e-6));
        assertThat(PairScorer.claimSimilarity(a, one, b, claim(b, "opposite"), stats)).isZero();
    }

    @Test
    void claimsWithoutVectorsAreComparedByTheirWords() {
        HubFeatures a = withVectors(features(hub("a").seeks("semiconductors", "wafer fab")), Map.of("wafer fab", new float[]{1, 0}));
        HubFeatures b = features(hub("b").offers("semiconductors", "wafer fab"));
        NetworkStats stats = stats(a, b);
        assertThat(PairScorer.claimSimilarity(a, claim(a, "wafer fab"), b, claim(b, "wafer fab"), stats)).isCloseTo(1.0, within(1e-9));
        assertThat(PairScorer.claimSimilarity(b, claim(b, "wafer fab"), a, claim(a, "wafer fab"), stats)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void theBestPairOfClaimsIsTheMostAlikeAndTiesKeepTheEarlierClaims() {
        HubFeatures a = features(hub("a").seeks("semiconductors", "alpha").seeks("semiconductors", "wafer fab"));
        HubFeatures b = features(hub("b").offers("semiconductors", "beta").offers("semiconductors", "gamma")
                .offers("semiconductors", "wafer fab lines"));
        NetworkStats stats = stats(a, b);
        List<TopicClaim> needs = a.needs().get("semiconductors"), offers = b.capabilities().get("semiconductors");
        PairScorer.ClaimPair best = PairScorer.bestPair(a, needs, b, offers, stats);
        assertThat(best.first().text()).isEqualTo("wafer fab");
        assertThat(best.second().text()).isEqualTo("wafer fab lines");
        PairScorer.ClaimPair tie = PairScorer.bestPair(a, needs.subList(0, 1), b, offers.subList(0, 2), stats);
        assertThat(tie.similarity()).isZero();
        assertThat(tie.first().text()).isEqualTo("alpha");
        assertThat(tie.second().text()).isEqualTo("beta");
    }

    @Test
    void scoresAreRoundedToFourDecimals() {
        assertThat(PairScorer.round(0.123456)).isEqualTo(0.1235);
        assertThat(PairScorer.round(0.12344)).isEqualTo(0.1234);
    }

    @Test
    void eachFactorContributesItsValueTimesItsShareOfTheWeights() {
        ScoringModel model = Models.lexical().weights(1, 0, 1, 0, 2).build();
        HubFeatures a = features(hub("a").industries("Automotive", "Textiles"));
        HubFeatures b = features(hub("b").industries("Automotive"));
        HubFeatures ab = new HubFeatures(a.id(), a.slug(), a.name(), a.country(), a.region(), Set.of("Bloc"), a.needs(),
                a.capabilities(), a.priorities(), a.priorityClaims(), a.industries(), a.termCounts(), a.claimTerms(), a.claimVectors());
        HubFeatures bb = new HubFeatures(b.id(), b.slug(), b.name(), b.country(), b.region(), Set.of("Bloc"), b.needs(),
                b.capabilities(), b.priorities(), b.priorityClaims(), b.industries(), b.termCounts(), b.claimTerms(), b.claimVectors());
        PairScorer scorer = new PairScorer(model, TAXONOMY);
        PairScore score = scorer.score(ab, bb, stats(ab, bb));
        FactorScore industry = score.factors().get(2), regional = score.factors().get(4);
        assertThat(industry.value()).isEqualTo(0.5);
        assertThat(industry.weight()).isEqualTo(1.0);
        assertThat(industry.contribution()).isEqualTo(0.125); // 0.5 · 1/4
        assertThat(regional.value()).isEqualTo(1.0);
        assertThat(regional.weight()).isEqualTo(2.0);
        assertThat(regional.contribution()).isEqualTo(0.5); // 1 · 2/4
        assertThat(score.score()).isEqualTo(0.625);
        assertThat(scorer.value(ab, bb, stats(ab, bb))).isEqualTo(0.625);
        // Both carry a bloc the model's file does not know (features from an older file): no programmes to name.
        assertThat(score.reasonTexts()).contains("Both are in the Bloc, so they can bid together for its joint programmes.");
    }

    @Test
    void aModelWithoutWeightsScoresEveryPairZero() {
        PairScorer scorer = new PairScorer(Models.lexical().weights(0, 0, 0, 0, 0).build(), TAXONOMY);
        HubFeatures a = features(hub("a").seeks("semiconductors", "wafer fab").industries("Automotive"));
        HubFeatures b = features(hub("b").offers("semiconductors", "wafer fab").industries("Automotive"));
        NetworkStats stats = stats(a, b);
        assertThat(scorer.value(a, b, stats)).isZero();
        PairScore score = scorer.score(a, b, stats);
        assertThat(score.score()).isZero();
        assertThat(score.factors()).allSatisfy(f -> assertThat(f.contribution()).isZero());
        assertThat(score.factors().get(2).value()).isEqualTo(1.0); // the factor is still reported
    }

    @Test
    void theFundingFactorCountsOnlyASharedBloc() {
        HubFeatures a = features(hub("a")), b = features(hub("b"));
        HubFeatures inX = new HubFeatures(a.id(), a.slug(), a.name(), a.country(), a.region(), Set.of("X", "Y"), a.needs(),
                a.capabilities(), a.priorities(), a.priorityClaims(), a.industries(), a.termCounts(), a.claimTerms(), a.claimVectors());
        HubFeatures inY = new HubFeatures(b.id(), b.slug(), b.name(), b.country(), b.region(), Set.of("Y"), b.needs(),
                b.capabilities(), b.priorities(), b.priorityClaims(), b.industries(), b.termCounts(), b.claimTerms(), b.claimVectors());
        HubFeatures inZ = new HubFeatures(b.id(), b.slug(), b.name(), b.country(), b.region(), Set.of("Z"), b.needs(),
                b.capabilities(), b.priorities(), b.priorityClaims(), b.industries(), b.termCounts(), b.claimTerms(), b.claimVectors());
        assertThat(PairScorer.regional(inX, inY)).isEqualTo(1.0);
        assertThat(PairScorer.regional(inX, inZ)).isZero();
        assertThat(PairScorer.regional(a, b)).isZero();
    }
}
