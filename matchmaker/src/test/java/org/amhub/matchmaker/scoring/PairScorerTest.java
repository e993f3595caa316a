package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.match.FactorScore;
import org.amhub.events.match.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.amhub.matchmaker.scoring.Profiles.hub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairScorerTest {

    static final Taxonomy TAXONOMY = Taxonomy.standard();
    final ScoringModel model = ScoringModel.defaults();

    MatchEngine engine(HubProfile... profiles) {
        MatchEngine engine = new MatchEngine(model, TAXONOMY);
        for (HubProfile profile : profiles) {
            engine.upsert(profile);
        }
        return engine;
    }

    static double factor(PairScore score, String name) {
        return score.factors().stream().filter(f -> f.factor().equals(name)).mapToDouble(FactorScore::value).findFirst().orElseThrow();
    }

    @Test
    void reciprocalCombinationRanksTwoSidedAboveOneSidedAboveNothing() {
        double both = PairScorer.reciprocal(1, 1, 0.1);
        double oneSided = PairScorer.reciprocal(1, 0, 0.1);
        double none = PairScorer.reciprocal(0, 0, 0.1);
        assertThat(both).isCloseTo(1.0, within(1e-9));
        assertThat(none).isCloseTo(0.0, within(1e-9));
        assertThat(oneSided).isGreaterThan(0).isLessThan(PairScorer.reciprocal(0.5, 0.5, 0.1));
        assertThat(PairScorer.reciprocal(0.6, 0.4, 0.1)).isCloseTo(PairScorer.reciprocal(0.4, 0.6, 0.1), within(1e-12));
    }

    @Test
    void complementarityCountsNeedsMetByTheOtherSide() {
        HubProfile seeker = hub("seeker").seeks("hydrogen-mobility", "fuel cell buses").offers("robotics", "robot cells").build();
        HubProfile partner = hub("partner").offers("hydrogen", "hydrogen test centre").seeks("robotics", "automation help").build();
        HubProfile oneWay = hub("one-way").offers("hydrogen-mobility", "hydrogen test centre").build();
        HubProfile stranger = hub("stranger").offers("textiles", "looms").build();
        MatchEngine engine = engine(seeker, partner, oneWay, stranger);
        double twoSided = factor(engine.explain(seeker.id(), partner.id()), "complementarity");
        double oneSided = factor(engine.explain(seeker.id(), oneWay.id()), "complementarity");
        double none = factor(engine.explain(seeker.id(), stranger.id()), "complementarity");
        assertThat(twoSided).isGreaterThan(oneSided * 1.5); // topic ids match both ways; the claims add their share
        assertThat(oneSided).isLessThan(twoSided).isGreaterThan(none);
        assertThat(none).isZero();
        // "Fuel cell buses" and "hydrogen test centre" share a topic but say different things: the reason names the
        // topic and quotes both claims as its evidence, rather than presenting one as the answer to the other.
        assertThat(engine.explain(seeker.id(), partner.id()).reasons().get(0)).satisfies(reason -> {
            assertThat(reason.text()).contains("Hub seeker seeks Hydrogen mobility").contains("Hub partner");
            assertThat(reason.claims()).extracting(Reason.ClaimEvidence::text)
                    .containsExactly("fuel cell buses", "hydrogen test centre");
        });
    }

    @Test
    void rareSharedPrioritiesCountMoreThanCommonOnes() {
        // Every hub lists skills; only two list semiconductors.
        HubProfile a = hub("a").priority("skills").priority("semiconductors").priority("textiles").build();
        HubProfile b = hub("b").priority("skills").priority("semiconductors").priority("metals").build();
        HubProfile c = hub("c").priority("skills").priority("agri-food").priority("metals").build();
        HubProfile d = hub("d").priority("skills").priority("textiles").priority("5g").build();
        MatchEngine engine = engine(a, b, c, d);
        assertThat(engine.stats().topicRarity("semiconductors")).isGreaterThan(engine.stats().topicRarity("skills-upskilling"));
        assertThat(factor(engine.explain(a.id(), b.id()), "shared-priorities"))
                .isGreaterThan(factor(engine.explain(c.id(), d.id()), "shared-priorities"));
    }

    @Test
    void industriesAreComparedThroughTheTaxonomy() {
        HubProfile a = hub("a").industries("Aeronautics", "Machine Tools", "Food").build();
        HubProfile b = hub("b").industries("Aerospace/Defence", "Agriculture", "Toys").build();
        MatchEngine engine = engine(a, b);
        // aerospace and agri-food are shared; machinery, toys are not: 2 of 4 distinct industries.
        assertThat(factor(engine.explain(a.id(), b.id()), "industry-overlap")).isCloseTo(0.5, within(1e-4));
        assertThat(engine.explain(a.id(), b.id()).reasonTexts()).anyMatch(r -> r.contains("Aerospace and defence"));
    }

    @Test
    void textSimilarityUsesStemmedTerms() {
        HubProfile a = hub("a").offers("technology-transfer", "Printing turbine blades for aircraft engines").build();
        HubProfile b = hub("b").seeks("technology-transfer", "printed turbine blade repair for aircraft").build();
        HubProfile c = hub("c").seeks("technology-transfer", "dairy cooperative logistics").build();
        MatchEngine engine = engine(a, b, c);
        assertThat(factor(engine.explain(a.id(), b.id()), "text-similarity"))
                .isGreaterThan(factor(engine.explain(a.id(), c.id()), "text-similarity"));
    }

    @Test
    void onlyASharedFundingBlocCountsRegionAloneIsNeutral() {
        HubProfile spain = hub("s").in("Spain", "Europe").build();
        HubProfile italy = hub("i").in("Italy", "Europe").build();
        HubProfile norway = hub("n").in("Norway", "Europe").build();
        HubProfile chile = hub("c").in("Chile", "South America").build();
        HubProfile qatar = hub("q").in("Qatar", "Middle East").build();
        HubProfile oman = hub("o").in("Oman", "Middle East").build();
        MatchEngine engine = engine(spain, italy, norway, chile, qatar, oman);
        assertThat(factor(engine.explain(spain.id(), italy.id()), "regional")).isEqualTo(1.0);
        // Same region without a shared bloc, across regions, and a bloc without joint programmes: all neutral.
        assertThat(factor(engine.explain(spain.id(), norway.id()), "regional")).isZero();
        assertThat(factor(engine.explain(spain.id(), chile.id()), "regional")).isZero();
        assertThat(factor(engine.explain(qatar.id(), oman.id()), "regional")).isZero();
        assertThat(engine.explain(spain.id(), italy.id()).reasonTexts())
                .anyMatch(r -> r.contains("European Union") && r.contains("Horizon Europe"));
        assertThat(engine.explain(spain.id(), chile.id()).reasonTexts()).noneMatch(r -> r.contains("South America"));
    }

    @Test
    void everyComplementarityReasonQuotesBothClaimsWithTheirEvidence() {
        HubProfile a = hub("a").seeks("additive-manufacturing", "printed tooling for small series").build();
        HubProfile b = hub("b").offers("additive-manufacturing", "a network of industrial 3D printers").build();
        PairScore score = engine(a, b).explain(a.id(), b.id());
        assertThat(score.reasons()).filteredOn(r -> r.kind().equals("complementarity")).singleElement().satisfies(reason -> {
            assertThat(reason.claims()).extracting(Reason.ClaimEvidence::role).containsExactly("need", "capability");
            assertThat(reason.claims()).extracting(Reason.ClaimEvidence::hubSlug).containsExactly("a", "b");
            assertThat(reason.claims()).allSatisfy(c -> assertThat(c.evidence()).isNotBlank());
            assertThat(reason.text()).contains("printed tooling for small series").contains("industrial 3D printers");
        });
    }

    @Test
    void aPairWithoutASharedTopicStillQuotesItsMostRelatedClaims() {
        HubProfile a = hub("a").seeks("hydrogen-mobility", "partners for hydrogen fuel cell ferries").build();
        HubProfile b = hub("b").seeks("shipbuilding", "hydrogen fuel cell ferries for coastal routes").build();
        HubProfile c = hub("c").seeks("textiles", "looms for wool").build();
        MatchEngine engine = engine(a, b, c);
        assertThat(engine.explain(a.id(), b.id()).reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.kind()).isEqualTo("related-work");
            assertThat(reason.claims()).extracting(Reason.ClaimEvidence::text)
                    .containsExactly("partners for hydrogen fuel cell ferries", "hydrogen fuel cell ferries for coastal routes");
        });
        assertThat(engine.explain(a.id(), c.id()).reasons()).isEmpty(); // nothing relates: nothing is claimed
    }

    @Test
    void claimsThatSayRelatedThingsMatchBetterThanATopicIdAlone() {
        HubProfile seeker = hub("s").seeks("skills-upskilling", "technicians skilled in metal additive manufacturing").build();
        HubProfile close = hub("c").offers("skills-upskilling", "training technicians in metal additive manufacturing").build();
        HubProfile far = hub("f").offers("skills-upskilling", "leadership courses for bank managers").build();
        MatchEngine engine = engine(seeker, close, far);
        assertThat(factor(engine.explain(seeker.id(), close.id()), "complementarity"))
                .isGreaterThan(factor(engine.explain(seeker.id(), far.id()), "complementarity"));
        assertThat(engine.explain(seeker.id(), far.id()).score()).isPositive(); // the topic still counts
    }

    @Test
    void contributionsAddUpToTheScore() {
        HubProfile a = hub("a").seeks("5g", "private networks").offers("robotics", "cells").priority("ai").industries("Automotive").build();
        HubProfile b = hub("b").offers("5G", "test bed").seeks("robotics", "automation").priority("ai").industries("Automotive").build();
        PairScore score = engine(a, b).explain(a.id(), b.id());
        double sum = score.factors().stream().mapToDouble(FactorScore::contribution).sum();
        assertThat(score.score()).isCloseTo(sum, within(1e-3));
        assertThat(score.factors()).extracting(FactorScore::factor).containsExactlyElementsOf(ScoringModel.FACTORS);
        // The hot path that ranks without explanations gives the same number.
        MatchEngine engine = engine(a, b);
        assertThat(engine.score(a.id(), b.id())).isEqualTo(engine.explain(a.id(), b.id()).score());
    }

    @Test
    void noSelfMatchEveryHubWithCommonGroundGetsSuggestionsAndTheCapHolds() {
        List<HubProfile> hubs = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            hubs.add(hub("h" + i).offers("ai", "models").seeks("robotics", "cells").build());
        }
        HubProfile loner = hub("loner").offers("textiles", "looms").build(); // shares nothing with anyone
        MatchEngine engine = engine(java.util.stream.Stream.concat(hubs.stream(), java.util.stream.Stream.of(loner))
                .toArray(HubProfile[]::new));
        for (HubProfile hub : hubs) {
            List<MatchEngine.Ranked> list = engine.suggestionsFor(hub.id());
            assertThat(list).isNotEmpty().hasSizeLessThanOrEqualTo(model.maxSuggestionsPerHub());
            assertThat(list).noneMatch(r -> r.other().equals(hub.id()) || r.other().equals(loner.id()));
        }
        // Nothing explains a pair with the loner, so it is on no list and its own is empty
        assertThat(engine.suggestionsFor(loner.id())).isEmpty();
    }

    @Test
    void exclusionsAreHonouredInBothDirections() {
        HubProfile a = hub("a").seeks("ai", "x").build();
        HubProfile b = hub("b").offers("ai", "y").build();
        HubProfile c = hub("c").offers("ai", "z").build();
        MatchEngine engine = engine(a, b, c);
        engine.setExclusions((owner, other) -> owner.equals(b.id()) && other.equals(a.id()));
        engine.rescoreAll();
        assertThat(engine.suggestionsFor(a.id())).noneMatch(r -> r.other().equals(b.id()));
        assertThat(engine.suggestionsFor(b.id())).noneMatch(r -> r.other().equals(a.id()));
    }
}
