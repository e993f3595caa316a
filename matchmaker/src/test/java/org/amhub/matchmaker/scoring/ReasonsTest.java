package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.match.Reason;
import org.amhub.events.match.Reason.ClaimEvidence;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.amhub.matchmaker.scoring.Profiles.hub;
import static org.amhub.matchmaker.scoring.ScoreArithmeticTest.withVectors;
import static org.assertj.core.api.Assertions.assertThat;

/** What a suggestion says, word for word, and which claims it quotes. */
class ReasonsTest {

    static final Taxonomy TAXONOMY = Taxonomy.standard();

    static PairScore explain(ScoringModel model, HubProfile first, HubProfile second, HubProfile... others) {
        MatchEngine engine = new MatchEngine(model, TAXONOMY);
        engine.upsert(first);
        engine.upsert(second);
        for (HubProfile other : others) {
            engine.upsert(other);
        }
        return engine.explain(first.id(), second.id());
    }

    static List<Reason> ofKind(PairScore score, String kind) {
        return score.reasons().stream().filter(r -> r.kind().equals(kind)).toList();
    }

    @Test
    void claimsThatSayRelatedThingsAreSetSideBySide() {
        PairScore score = explain(Models.lexical().build(),
                hub("a").seeks("additive-manufacturing", "printed turbine blades").build(),
                hub("b").offers("additive-manufacturing", "printed turbine blades").build());
        assertThat(ofKind(score, "complementarity")).singleElement().satisfies(reason -> {
            assertThat(reason.text()).isEqualTo("Hub a seeks: printed turbine blades (Additive manufacturing / 3D printing). "
                    + "Hub b offers: printed turbine blades.");
            assertThat(reason.claims()).containsExactly(
                    new ClaimEvidence("a", "Hub a", "need", "additive-manufacturing", "printed turbine blades",
                            "Quote: printed turbine blades", "test profile"),
                    new ClaimEvidence("b", "Hub b", "capability", "additive-manufacturing", "printed turbine blades",
                            "Quote: printed turbine blades", "test profile"));
        });
    }

    @Test
    void claimsThatSayUnrelatedThingsOnlyNameTheSharedTopic() {
        PairScore score = explain(Models.lexical().build(),
                hub("a").seeks("additive-manufacturing", "printed turbine blades").build(),
                hub("b").offers("additive-manufacturing", "dairy logistics").build());
        assertThat(ofKind(score, "complementarity")).singleElement().satisfies(reason -> {
            assertThat(reason.text()).isEqualTo("Hub a seeks Additive manufacturing / 3D printing and Hub b lists it among its capabilities.");
            assertThat(reason.claims()).extracting(ClaimEvidence::text).containsExactly("printed turbine blades", "dairy logistics");
        });
    }

    @Test
    void claimsExactlyAsAlikeAsTheThresholdCountAsRelated() {
        ScoringModel model = Models.lexical().relatedClaims(1.0).build();
        HubFeatures a = withVectors(new FeatureExtractor(TAXONOMY, model).extract(
                hub("a").seeks("additive-manufacturing", "printed tooling").build()), Map.of("printed tooling", new float[]{1, 0}));
        HubFeatures b = withVectors(new FeatureExtractor(TAXONOMY, model).extract(
                hub("b").offers("additive-manufacturing", "3D printers").build()), Map.of("3D printers", new float[]{1, 0}));
        NetworkStats stats = new NetworkStats();
        stats.add(a);
        stats.add(b);
        PairScore score = new PairScorer(model, TAXONOMY).score(a, b, stats);
        assertThat(score.reasonTexts()).containsExactly(
                "Hub a seeks: printed tooling (Additive manufacturing / 3D printing). Hub b offers: 3D printers.");
    }

    @Test
    void needsMetInBothDirectionsEachGiveAReasonTheFirstHubsFirst() {
        PairScore score = explain(Models.lexical().build(),
                hub("a").seeks("semiconductors", "wafers").offers("textiles", "looms").build(),
                hub("b").offers("semiconductors", "foundry").seeks("textiles", "weaving").build());
        assertThat(ofKind(score, "complementarity")).extracting(Reason::text).containsExactly(
                "Hub a seeks Semiconductors and Hub b lists it among its capabilities.",
                "Hub b seeks Textiles and apparel and Hub a lists it among its capabilities.");
        assertThat(score.topics()).containsExactly("semiconductors", "textiles");
    }

    @Test
    void atMostTwoNeedsPerSideAreExplainedRarestFirst() {
        HubProfile a = hub("a").seeks("skills", "welders").seeks("semiconductors", "wafers").seeks("textiles", "yarn").build();
        HubProfile b = hub("b").offers("skills", "courses").offers("semiconductors", "foundry").offers("textiles", "looms").build();
        // Others make skills common and textiles fairly common; semiconductors stays rare.
        HubProfile c = hub("c").priority("skills").priority("textiles").build();
        HubProfile d = hub("d").priority("skills").build();
        PairScore score = explain(Models.lexical().build(), a, b, c, d);
        assertThat(ofKind(score, "complementarity")).extracting(r -> r.claims().get(0).topic())
                .containsExactly("semiconductors", "textiles");
        // Every shared topic is still listed, needs first.
        assertThat(score.topics()).containsExactly("skills-upskilling", "semiconductors", "textiles");
    }

    @Test
    void sharedPrioritiesNameUpToFourTopicsRarestFirstWithBothHubsClaims() {
        HubProfile a = hub("a").priority("semiconductors").priority("textiles").priority("metals").priority("skills")
                .priority("agri-food").programme("Chip Academy", "electronics").build();
        HubProfile b = hub("b").priority("semiconductors").priority("textiles").priority("metals").priority("skills")
                .priority("agri-food").priority("electronics").build();
        HubProfile c = hub("c").priority("skills").priority("agri-food").priority("metals").priority("textiles").build();
        HubProfile d = hub("d").priority("skills").priority("agri-food").priority("metals").build();
        HubProfile e = hub("e").priority("skills").priority("agri-food").build();
        PairScore score = explain(Models.lexical().build(), a, b, c, d, e);
        assertThat(ofKind(score, "shared-priority")).singleElement().satisfies(reason -> {
            // Rarities: semiconductors and electronics 2 hubs, textiles 3, metals 4; skills and agri-food (5) are left out.
            // (equally rare topics keep the first hub's order: its own priorities, then its programmes' topics)
            assertThat(reason.text()).isEqualTo(
                    "Both work on Semiconductors, Electronics and computers, Textiles and apparel and Metals and steel.");
            // Electronics is a programme topic of a: no claim of a's to quote, so only the others are evidenced.
            assertThat(reason.claims()).extracting(ClaimEvidence::topic).containsExactly(
                    "semiconductors", "semiconductors", "textiles", "textiles", "metals", "metals");
            assertThat(reason.claims()).extracting(ClaimEvidence::hubSlug).containsExactly("a", "b", "a", "b", "a", "b");
            assertThat(reason.claims()).extracting(ClaimEvidence::role).containsOnly("priority");
            assertThat(reason.claims().get(0).text()).isEqualTo("works on semiconductors");
        });
        assertThat(score.topics()).containsExactly("semiconductors", "electronics", "textiles", "metals",
                "skills-upskilling", "agri-food");
    }

    @Test
    void oneSharedPriorityIsNamedAlone() {
        PairScore score = explain(Models.lexical().build(),
                hub("a").priority("semiconductors").build(), hub("b").priority("semiconductors").build());
        assertThat(ofKind(score, "shared-priority")).extracting(Reason::text).containsExactly("Both work on Semiconductors.");
    }

    @Test
    void sharedIndustriesAreNamedWithTheirTaxonomyLabels() {
        PairScore score = explain(Models.lexical().build(),
                hub("a").industries("Automotive", "Textiles", "Toys").build(),
                hub("b").industries("Automotive", "Textiles").build());
        assertThat(ofKind(score, "industry")).singleElement().satisfies(reason -> {
            assertThat(reason.text()).isEqualTo("Both count Automotive and Textiles and apparel among their top industries.");
            assertThat(reason.claims()).isEmpty();
        });
        PairScore none = explain(Models.lexical().build(), hub("c").industries("Toys").build(), hub("d").industries("Automotive").build());
        assertThat(ofKind(none, "industry")).isEmpty();
    }

    @Test
    void aSharedFundingBlocNamesItsProgrammes() {
        ScoringModel model = Models.lexical().blocs(FundingBlocsTest.NORDIC).build();
        PairScore nordic = explain(model, hub("a").in("Norway", "North").build(), hub("b").in("Sweden", "North").build());
        assertThat(ofKind(nordic, "funding")).extracting(Reason::text).containsExactly(
                "Both are in the Nordic Fund, so they can bid together for NordForsk and Nordic Innovation.");
        ScoringModel bundled = Models.lexical().build();
        PairScore eu = explain(bundled, hub("c").in("Spain", "Europe").build(), hub("d").in("Italy", "Europe").build());
        assertThat(ofKind(eu, "funding")).extracting(Reason::text).containsExactly(
                "Both are in the European Union, so they can bid together for Horizon Europe, "
                        + "Digital Europe Programme (European Digital Innovation Hubs) and Interreg.");
    }

    @Test
    void hubsInDifferentBlocsOrInBlocsWithoutProgrammesGetNoFundingReason() {
        ScoringModel model = Models.lexical().blocs(FundingBlocsTest.NORDIC).build();
        PairScore apart = explain(model, hub("a").in("Iceland", "North").build(), hub("b").in("Canada", "North").build());
        PairScore trade = explain(model, hub("c").in("Chile", "South").build(), hub("d").in("Chile", "South").build());
        assertThat(ofKind(apart, "funding")).isEmpty();
        assertThat(ofKind(trade, "funding")).isEmpty();
        assertThat(apart.factors().get(4).value()).isZero();
    }

    @Test
    void aPairWithNothingInCommonHasNoReasons() {
        PairScore score = explain(Models.lexical().build(), hub("a").offers("textiles", "looms").build(),
                hub("b").offers("semiconductors", "foundry").build());
        assertThat(score.reasons()).isEmpty();
        assertThat(score.topics()).isEmpty();
    }
}
