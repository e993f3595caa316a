package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.amhub.matchmaker.scoring.Profiles.hub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Which groups are proposed, who is in them and what they say, on networks small enough to check by hand. */
class ConsortiumRulesTest {

    static final Taxonomy TAXONOMY = Taxonomy.standard();

    static MatchEngine engine(ScoringModel model, HubProfile... profiles) {
        MatchEngine engine = new MatchEngine(model, TAXONOMY);
        for (HubProfile profile : profiles) {
            engine.upsert(profile);
        }
        return engine;
    }

    static List<Consortium> find(MatchEngine engine) {
        return new ConsortiumFinder(engine, TAXONOMY).find();
    }

    static double meanPairScore(MatchEngine engine, List<UUID> members) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < members.size(); i++) {
            for (int j = i + 1; j < members.size(); j++) {
                sum += engine.score(members.get(i), members.get(j));
                pairs++;
            }
        }
        return sum / pairs;
    }

    final ScoringModel nordic = Models.lexical().blocs(FundingBlocsTest.NORDIC).build();

    @Test
    void threeHubsOfAFundingBlocFormAJointBid() {
        HubProfile n1 = hub("n1").in("Norway", "North").priority("semiconductors").priority("textiles").build();
        HubProfile n2 = hub("n2").in("Sweden", "North").priority("semiconductors").priority("textiles").build();
        HubProfile n3 = hub("n3").in("Iceland", "North").priority("semiconductors").priority("textiles").build();
        // Outside the bloc, one more hub works on textiles: semiconductors is the rarer common ground.
        HubProfile outside = hub("outside").in("Chile", "South").priority("textiles").build();
        MatchEngine engine = engine(nordic, n3, n1, outside, n2);
        assertThat(find(engine)).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("funding-bloc");
            assertThat(c.goal()).isEqualTo("Joint bid for Nordic Fund funding");
            assertThat(c.members()).containsExactly(n1.id(), n2.id(), n3.id()); // by name
            assertThat(c.topics()).containsExactly("semiconductors", "textiles");
            assertThat(c.reasons()).hasSize(2);
            assertThat(c.reasons().get(0)).isEqualTo(
                    "Hub n1, Hub n2 and Hub n3 are all in the Nordic Fund and can bid together for NordForsk, Nordic Innovation.");
            assertThat(c.reasons().get(1)).isEqualTo("Common ground: Semiconductors, Textiles and apparel.");
            double cohesion = meanPairScore(engine, c.members());
            assertThat(cohesion).isPositive();
            assertThat(c.cohesion()).isCloseTo(cohesion, within(1e-4));
            assertThat(c.score()).isEqualTo(c.cohesion());
        });
    }

    @Test
    void blocMembersWithNothingInCommonAreOnlyToldTheyCanBidTogether() {
        MatchEngine engine = engine(nordic, hub("n1").in("Norway", "North").build(), hub("n2").in("Sweden", "North").build(),
                hub("n3").in("Iceland", "North").build());
        assertThat(find(engine)).singleElement().satisfies(c -> {
            assertThat(c.topics()).isEmpty();
            assertThat(c.reasons()).hasSize(1);
        });
    }

    @Test
    void twoHubsOfABlocAreNotAConsortium() {
        MatchEngine engine = engine(nordic, hub("n1").in("Norway", "North").build(), hub("n2").in("Sweden", "North").build(),
                hub("x").in("Chile", "South").build());
        assertThat(find(engine)).isEmpty();
    }

    @Test
    void hubsAroundATopicWhereSomeOfferWhatOthersSeekFormAJointProgramme() {
        HubProfile offerer = hub("o").offers("semiconductors", "wafer fab").build();
        HubProfile s1 = hub("s1").seeks("semiconductors", "wafer fab").build();
        HubProfile s2 = hub("s2").seeks("semiconductors", "wafer fab lines").build();
        MatchEngine engine = engine(nordic, s2, offerer, s1);
        assertThat(find(engine)).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("topic");
            assertThat(c.goal()).isEqualTo("Joint programme on Semiconductors");
            assertThat(c.members()).containsExactly(offerer.id(), s1.id(), s2.id());
            assertThat(c.topics()).containsExactly("semiconductors");
            double cohesion = meanPairScore(engine, c.members());
            assertThat(c.score()).isCloseTo(cohesion, within(1e-4));
            assertThat(c.reasons()).containsExactly("Hub o offer Semiconductors; Hub s1 and Hub s2 seek it.",
                    "Members also fit each other: mean pairwise score " + String.format("%.2f", cohesion) + ".");
        });
    }

    @Test
    void aTopicNobodyOffersOrNobodySeeksMakesNoConsortium() {
        MatchEngine offeredOnly = engine(nordic, hub("a").offers("semiconductors", "fab").build(),
                hub("b").offers("semiconductors", "fab").build(), hub("c").offers("semiconductors", "fab").build());
        MatchEngine soughtOnly = engine(nordic, hub("a").seeks("semiconductors", "fab").build(),
                hub("b").seeks("semiconductors", "fab").build(), hub("c").seeks("semiconductors", "fab").build());
        MatchEngine tooFew = engine(nordic, hub("a").offers("semiconductors", "fab").build(),
                hub("b").seeks("semiconductors", "fab").build(), hub("c").offers("textiles", "looms").build());
        assertThat(find(offeredOnly)).isEmpty();
        assertThat(find(soughtOnly)).isEmpty();
        assertThat(find(tooFew)).isEmpty();
    }

    @Test
    void aGroupFoundForSeveralReasonsIsListedOnce() {
        MatchEngine engine = engine(nordic, hub("n1").in("Norway", "North").offers("semiconductors", "fab").build(),
                hub("n2").in("Sweden", "North").seeks("semiconductors", "fab").build(),
                hub("n3").in("Iceland", "North").seeks("semiconductors", "fab").build());
        assertThat(find(engine)).hasSize(1);
    }

    /** Two topic groups: a tight one on semiconductors, a loose one on textiles (nobody says related things). */
    static HubProfile[] twoGroups() {
        return new HubProfile[]{
                hub("chip-1").offers("semiconductors", "wafer fab").build(),
                hub("chip-2").seeks("semiconductors", "wafer fab").build(),
                hub("chip-3").seeks("semiconductors", "wafer fab").build(),
                hub("loom-1").offers("textiles", "looms").build(),
                hub("loom-2").seeks("textiles", "dyeing").build(),
                hub("loom-3").seeks("textiles", "knitting").build()};
    }

    @Test
    void consortiaAreRankedByCohesionAndCapped() {
        MatchEngine engine = engine(nordic, twoGroups());
        List<Consortium> all = find(engine);
        assertThat(all).extracting(Consortium::goal)
                .containsExactly("Joint programme on Semiconductors", "Joint programme on Textiles and apparel");
        assertThat(all.get(0).score()).isGreaterThan(all.get(1).score());
        MatchEngine capped = engine(Models.lexical().blocs(FundingBlocsTest.NORDIC).consortia(1, 5).build(), twoGroups());
        assertThat(find(capped)).extracting(Consortium::goal).containsExactly("Joint programme on Semiconductors");
    }

    /** Five hubs on one topic; the one whose claims relate to nobody else's should be left out of a group of four. */
    static HubProfile[] crowdWithAnOutlier() {
        return new HubProfile[]{
                hub("fab-a").offers("semiconductors", "wafer fab cleanroom").seeks("textiles", "smart fabrics").build(),
                hub("fab-b").seeks("semiconductors", "wafer fab cleanroom").offers("textiles", "smart fabrics").build(),
                hub("fab-c").seeks("semiconductors", "wafer fab cleanroom").offers("textiles", "smart fabrics").build(),
                hub("fab-d").seeks("semiconductors", "wafer fab cleanroom").offers("textiles", "smart fabrics").build(),
                hub("outlier").seeks("semiconductors", "dairy cooperative logistics").build()};
    }

    @Test
    void aLargePoolKeepsItsMostCohesiveMembers() {
        MatchEngine engine = engine(Models.lexical().consortia(10, 4).build(), crowdWithAnOutlier());
        UUID outlier = hub("outlier").build().id();
        List<Consortium> found = find(engine);
        assertThat(found).isNotEmpty().allSatisfy(c -> {
            assertThat(c.members()).hasSize(4).doesNotContain(outlier);
        });
    }

    @Test
    void aLargePoolInIndexedModeIsGrownFromTheSuggestionLists() {
        ScoringModel model = Models.lexical().consortia(10, 4).indexed(1.0, 100).build();
        MatchEngine engine = engine(model, crowdWithAnOutlier());
        UUID outlier = hub("outlier").build().id();
        List<Consortium> found = find(engine);
        assertThat(found).isNotEmpty().allSatisfy(c -> {
            assertThat(c.members()).hasSize(4).doesNotContain(outlier);
            assertThat(Set.copyOf(c.members())).hasSize(4);
        });
    }

    @Test
    void aConsortiumIdDependsOnWhatItIsAndWhoIsInItNotOnArrivalOrder() {
        HubProfile[] groups = twoGroups();
        List<Consortium> first = find(engine(nordic, groups));
        List<HubProfile> reversed = new java.util.ArrayList<>(List.of(groups));
        java.util.Collections.reverse(reversed);
        List<Consortium> second = find(engine(nordic, reversed.toArray(HubProfile[]::new)));
        assertThat(first).extracting(Consortium::id).containsExactlyElementsOf(second.stream().map(Consortium::id).toList());
        assertThat(first).extracting(Consortium::id).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(UUID.fromString(id)).isNotNull());
    }
}
