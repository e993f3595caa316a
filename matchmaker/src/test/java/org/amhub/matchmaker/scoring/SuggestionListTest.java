package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.amhub.matchmaker.scoring.Profiles.hub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Who appears on a hub's list and in what order: the caps, the minimum score, ties, exclusions, the popularity
 * penalty, removals, and the same rules in indexed mode. Only complementarity is weighted, so scores are easy to
 * work out: a need met with the very words asked for scores 1 both ways (1.0) or 0.0833 one way; with unrelated words
 * half of that need is met (0.0714 one way).
 */
class SuggestionListTest {

    static final Taxonomy TAXONOMY = Taxonomy.standard();

    static Models complementarityOnly() {
        return Models.lexical().weights(1, 0, 0, 0, 0).debias(0);
    }

    // a seeks wafers and offers looms.
    final HubProfile a = hub("a").seeks("semiconductors", "wafer fab").offers("textiles", "looms").build();
    final HubProfile twoWay = hub("two-way").offers("semiconductors", "wafer fab").seeks("textiles", "looms").build();
    final HubProfile sameWords = hub("same-words").offers("semiconductors", "wafer fab").build();
    final HubProfile otherWords = hub("other-words").offers("semiconductors", "cleanroom").build();
    final HubProfile stranger = hub("stranger").offers("metals", "steel").build();
    final List<HubProfile> network = List.of(a, twoWay, sameWords, otherWords, stranger);

    static MatchEngine engine(ScoringModel model, List<HubProfile> profiles) {
        MatchEngine engine = new MatchEngine(model, TAXONOMY);
        profiles.forEach(engine::upsert);
        return engine;
    }

    static List<UUID> others(MatchEngine engine, HubProfile hub) {
        return engine.suggestionsFor(hub.id()).stream().map(MatchEngine.Ranked::other).toList();
    }

    @Test
    void theScoresThisTestReliesOn() {
        MatchEngine engine = engine(complementarityOnly().build(), network);
        assertThat(engine.score(a.id(), twoWay.id())).isEqualTo(1.0);
        assertThat(engine.score(a.id(), sameWords.id())).isEqualTo(0.0833);
        assertThat(engine.score(a.id(), otherWords.id())).isEqualTo(0.0714);
        assertThat(engine.score(a.id(), stranger.id())).isZero();
    }

    @Test
    void aListHoldsAtMostTheMaximumBestFirst() {
        MatchEngine engine = engine(complementarityOnly().suggestions(1, 2).minScore(0).build(), network);
        assertThat(others(engine, a)).containsExactly(twoWay.id(), sameWords.id());
    }

    @Test
    void partnersBelowTheMinimumScoreAreLeftOutOnceTheMinimumCountIsMet() {
        MatchEngine engine = engine(complementarityOnly().suggestions(1, 5).minScore(0.08).build(), network);
        assertThat(others(engine, a)).containsExactly(twoWay.id(), sameWords.id());
    }

    @Test
    void aHubWithTooFewGoodPartnersIsToppedUpWithThoseItHasCommonGroundWith() {
        MatchEngine engine = engine(complementarityOnly().suggestions(4, 5).minScore(0.08).build(), network);
        // other-words scores below the minimum but meets a's need: it tops the list up; stranger shares nothing.
        assertThat(others(engine, a)).containsExactly(twoWay.id(), sameWords.id(), otherWords.id());
    }

    @Test
    void aHubNobodyHasCommonGroundWithGetsNoSuggestionsRatherThanUnexplainedOnes() {
        MatchEngine engine = engine(complementarityOnly().suggestions(4, 5).minScore(0).build(), network);
        assertThat(others(engine, stranger)).isEmpty();
        assertThat(engine.listedBy(stranger.id())).isEmpty();
    }

    @Test
    void aPairThatOnlyItsProfileWordsBringTogetherIsNotSuggestedWithoutARelatedClaim() {
        // Only the text factor is weighted: both profiles use the same words in claims of unrelated topics, which
        // scores the pair, but no topic, industry or bloc is shared and no two claims relate enough to quote.
        HubProfile one = hub("one").seeks("semiconductors", "tooling grants for regional suppliers").build();
        HubProfile other = hub("other").offers("textiles", "tooling grants for regional suppliers").build();
        ScoringModel textOnly = Models.lexical().weights(0, 0, 0, 1, 0).debias(0).relatedClaims(1.01).suggestions(3, 5).minScore(0).build();
        MatchEngine engine = engine(textOnly, List.of(one, other));
        assertThat(engine.score(one.id(), other.id())).isPositive();
        assertThat(engine.explain(one.id(), other.id()).reasons()).isEmpty();
        assertThat(others(engine, one)).isEmpty();

        // The same pair with claims that relate (threshold reachable) is quoted as related work, hence suggested.
        ScoringModel quoting = Models.lexical().weights(0, 0, 0, 1, 0).debias(0).suggestions(3, 5).minScore(0).build();
        MatchEngine relating = engine(quoting, List.of(one, other));
        assertThat(relating.explain(one.id(), other.id()).reasons()).extracting(r -> r.kind()).containsExactly("related-work");
        assertThat(others(relating, one)).containsExactly(other.id());
    }

    @Test
    void aPartnerScoringExactlyTheMinimumQualifies() {
        MatchEngine atMinimum = engine(complementarityOnly().suggestions(0, 5).minScore(0.0833).build(), network);
        MatchEngine above = engine(complementarityOnly().suggestions(0, 5).minScore(0.0834).build(), network);
        assertThat(others(atMinimum, a)).containsExactly(twoWay.id(), sameWords.id());
        assertThat(others(above, a)).containsExactly(twoWay.id());
    }

    @Test
    void equallyGoodPartnersAreOrderedByIdSoListsAreReproducible() {
        List<HubProfile> profiles = new ArrayList<>(List.of(a));
        for (int i = 0; i < 4; i++) {
            profiles.add(hub("twin-" + i).offers("semiconductors", "wafer fab").build());
        }
        MatchEngine engine = engine(complementarityOnly().suggestions(1, 3).build(), profiles);
        List<UUID> expected = profiles.stream().skip(1).map(HubProfile::id).sorted().limit(3).toList();
        assertThat(others(engine, a)).containsExactlyElementsOf(expected);
    }

    /** a, two copies of a, a generalist that fits all three both ways and a specialist that fits them one way. */
    List<HubProfile> popularityNetwork() {
        return List.of(a,
                hub("copy-1").seeks("semiconductors", "wafer fab").offers("textiles", "looms").build(),
                hub("copy-2").seeks("semiconductors", "wafer fab").offers("textiles", "looms").build(),
                twoWay, sameWords);
    }

    @Test
    void withoutThePopularityPenaltyTheBestFitComesFirst() {
        MatchEngine engine = engine(complementarityOnly().suggestions(1, 5).build(), popularityNetwork());
        assertThat(others(engine, a)).containsExactly(twoWay.id(), sameWords.id());
        assertThat(engine.rankScore(a.id(), twoWay.id())).isEqualTo(1.0);
    }

    @Test
    void aHubThatFitsEveryoneIsPushedBelowOneThatFitsFewerHubs() {
        MatchEngine engine = engine(complementarityOnly().suggestions(1, 5).debias(2).build(), popularityNetwork());
        // Popularity: the mean of a hub's best pair scores (up to 5; here each has 4 partners). two-way scores 1 with
        // a and both copies, 0 with same-words: 0.75. same-words scores 0.0833 with a and the copies: 0.0625.
        assertThat(engine.rankScore(a.id(), twoWay.id())).isCloseTo(1.0 - 2 * 0.75, within(1e-9));
        assertThat(engine.rankScore(a.id(), sameWords.id())).isCloseTo(0.0833 - 2 * 0.0833 * 3 / 4, within(1e-9));
        assertThat(others(engine, a)).containsExactly(sameWords.id(), twoWay.id());
        assertThat(engine.suggestionsFor(a.id())).extracting(MatchEngine.Ranked::score).containsExactly(0.0833, 1.0);
        assertThat(engine.suggestionsFor(a.id()).get(1).rankScore()).isCloseTo(-0.5, within(1e-9));
    }

    @Test
    void aQualifyingPartnerIsKeptEvenWhenUnqualifiedOnesRankAboveIt() {
        // With a strong popularity penalty two hubs that fit nobody (rank score 0) rank above a's real partners
        // (negative rank scores). They may fill a's list up to the minimum, but the partners that score above the
        // minimum still qualify: a list of strangers alone would hide a's best fit.
        List<HubProfile> profiles = new ArrayList<>(popularityNetwork());
        profiles.add(stranger);
        profiles.add(hub("idle").offers("metals", "foundry").build());
        MatchEngine engine = engine(complementarityOnly().suggestions(1, 5).debias(2).build(), profiles);
        assertThat(engine.rankScore(a.id(), stranger.id())).isGreaterThan(engine.rankScore(a.id(), sameWords.id()));
        assertThat(others(engine, a)).contains(twoWay.id(), sameWords.id());
        // Only qualifying partners when there are enough of them: the minimum is met, no filler needed.
        assertThat(others(engine, a)).containsExactly(sameWords.id(), twoWay.id());
        // A minimum of three is topped up with the best of the rest that have common ground with a (its copies
        // describe the same work), never with the two that share nothing, however high they rank; rank order throughout.
        MatchEngine topped = engine(complementarityOnly().suggestions(3, 5).debias(2).build(), profiles);
        UUID idle = hub("idle").build().id();
        UUID copy1 = hub("copy-1").build().id(), copy2 = hub("copy-2").build().id();
        UUID firstCopy = copy1.compareTo(copy2) < 0 ? copy1 : copy2; // the copies tie: the lower id first
        assertThat(others(topped, a)).containsExactlyInAnyOrder(firstCopy, sameWords.id(), twoWay.id())
                .doesNotContain(stranger.id(), idle);
        assertThat(topped.suggestionsFor(a.id()))
                .isSortedAccordingTo(Comparator.comparingDouble(MatchEngine.Ranked::rankScore).reversed());
    }

    @Test
    void everyListIsTheBestByRankScoreOfThoseThatQualify() {
        List<HubProfile> profiles = ConsortiumFinderTest.network(14, 3);
        ScoringModel model = Models.lexical().suggestions(2, 4).minScore(0.1).build();
        MatchEngine engine = engine(model, profiles);
        for (HubProfile hub : profiles) {
            List<MatchEngine.Ranked> all = profiles.stream().filter(o -> !o.id().equals(hub.id()))
                    .map(o -> new MatchEngine.Ranked(o.id(), engine.score(hub.id(), o.id()), engine.rankScore(hub.id(), o.id())))
                    .sorted(Comparator.comparingDouble(MatchEngine.Ranked::rankScore).reversed().thenComparing(MatchEngine.Ranked::other))
                    .toList();
            List<MatchEngine.Ranked> qualified = all.stream().filter(r -> r.score() >= model.minScore()).limit(4).toList();
            List<MatchEngine.Ranked> expected = qualified.size() >= 2 ? qualified : all.stream()
                    .filter(r -> qualified.contains(r) || r.score() < model.minScore()).limit(2).toList();
            assertThat(engine.suggestionsFor(hub.id())).as(hub.slug()).isEqualTo(expected);
        }
    }

    @Test
    void inASmallNetworkPopularityAveragesOverTheHubsThereAre() {
        // two-way has only two partners (1.0 with a, 0 with same-words): its popularity is 0.5, not 1/5.
        MatchEngine engine = engine(complementarityOnly().debias(1).build(), List.of(a, twoWay, sameWords));
        assertThat(engine.rankScore(a.id(), twoWay.id())).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void anExclusionEitherWayKeepsThePairOffBothListsButNotOffOthers() {
        MatchEngine engine = engine(complementarityOnly().build(), network);
        engine.setExclusions((owner, other) -> owner.equals(twoWay.id()) && other.equals(a.id()));
        engine.rescoreAll();
        assertThat(engine.excludedPair(a.id(), twoWay.id())).isTrue();
        assertThat(engine.excludedPair(twoWay.id(), a.id())).isTrue();
        assertThat(engine.excludedPair(a.id(), sameWords.id())).isFalse();
        assertThat(others(engine, a)).doesNotContain(twoWay.id()).contains(sameWords.id());
        assertThat(others(engine, twoWay)).doesNotContain(a.id()).isNotEmpty();
        assertThat(others(engine, sameWords)).contains(a.id(), twoWay.id());
    }

    @Test
    void removingAHubTakesItOffEveryListAndTheNextBestTakesItsPlace() {
        MatchEngine engine = engine(complementarityOnly().suggestions(1, 1).build(), network);
        assertThat(others(engine, a)).containsExactly(twoWay.id());
        assertThat(engine.listedBy(twoWay.id())).contains(a.id());
        assertThat(engine.remove(twoWay.id())).contains(twoWay.id(), a.id());
        assertThat(others(engine, a)).containsExactly(sameWords.id());
        assertThat(engine.suggestionsFor(twoWay.id())).isEmpty();
        assertThat(engine.listedBy(twoWay.id())).isEmpty();
        assertThat(engine.bySlug("two-way")).isNull();
        assertThat(engine.features(twoWay.id())).isNull();
        assertThat(engine.size()).isEqualTo(4);
        assertThat(engine.hubs()).extracting(HubFeatures::slug).doesNotContain("two-way");
        assertThat(engine.stats().hubs()).isEqualTo(4);
    }

    @Test
    void removingAnUnknownHubChangesNothing() {
        MatchEngine engine = engine(complementarityOnly().build(), network);
        assertThat(engine.remove(hub("ghost").build().id())).isEmpty();
        assertThat(engine.size()).isEqualTo(5);
    }

    @Test
    void aHubIsFoundByItsCurrentSlugOnly() {
        MatchEngine engine = engine(complementarityOnly().build(), network);
        HubProfile renamed = new HubProfile(a.id(), "a-renamed", a.name(), a.country(), a.region(), a.hostEntities(),
                a.contactEmail(), a.population(), a.topIndustries(), a.workforceInManufacturingPct(),
                a.manufacturingShareOfGdpPct(), a.status(), a.priorities(), a.capabilities(), a.needs(), a.programmes(),
                2, a.createdAt(), a.updatedAt());
        engine.upsert(renamed);
        assertThat(engine.bySlug("a")).isNull();
        assertThat(engine.bySlug("a-renamed").id()).isEqualTo(a.id());
        assertThat(engine.size()).isEqualTo(5);
        assertThat(engine.stats().hubs()).isEqualTo(5);
    }

    @Test
    void explainingAPairNeedsBothHubs() {
        MatchEngine engine = engine(complementarityOnly().build(), network);
        UUID ghost = hub("ghost").build().id();
        assertThatThrownBy(() -> engine.explain(a.id(), ghost)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.explain(ghost, a.id())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadingAllProfilesAtOnceGivesTheListsOfUpsertingThemOneByOne() {
        ScoringModel model = complementarityOnly().debias(1).build();
        MatchEngine oneByOne = engine(model, network);
        MatchEngine loaded = new MatchEngine(model, TAXONOMY);
        List<HubProfile> reversed = new ArrayList<>(network);
        java.util.Collections.reverse(reversed);
        loaded.load(reversed);
        for (HubProfile hub : network) {
            assertThat(loaded.suggestionsFor(hub.id())).isEqualTo(oneByOne.suggestionsFor(hub.id()));
        }
        assertThat(loaded.bySlug("a").id()).isEqualTo(a.id());
    }

    @Test
    void rescoringAfterNothingChangedReportsNoChangedLists() {
        MatchEngine engine = engine(complementarityOnly().build(), network);
        assertThat(engine.rescoreAll()).isEmpty();
        engine.setExclusions((owner, other) -> owner.equals(a.id()) && other.equals(twoWay.id()));
        assertThat(engine.rescoreAll()).containsExactlyInAnyOrder(a.id(), twoWay.id());
    }

    // ---- indexed mode (large networks): candidates come from the inverted indexes

    static Models indexed(double commonFraction, int limit) {
        return complementarityOnly().indexed(commonFraction, limit);
    }

    @Test
    void inIndexedModeOnlyHubsSharingSomethingAreCandidates() {
        HubProfile byPriority = hub("by-priority").priority("semiconductors").build();
        HubProfile byIndustry = hub("by-industry").industries("Automotive").build();
        HubProfile withA = hub("a2").seeks("semiconductors", "wafer fab").offers("textiles", "looms").industries("Automotive")
                .priority("semiconductors").build();
        List<HubProfile> profiles = List.of(withA, twoWay, otherWords, stranger, byPriority, byIndustry);
        MatchEngine engine = engine(indexed(1.0, 100).build(), profiles);
        assertThat(engine.candidates(withA.id()))
                .containsExactlyInAnyOrder(twoWay.id(), otherWords.id(), byPriority.id(), byIndustry.id());
    }

    @Test
    void inIndexedModeAHubSharingSeveralThingsIsOneCandidate() {
        HubProfile first = hub("first").industries("Automotive", "Textiles", "Aeronautics").build();
        HubProfile second = hub("second").industries("Automotive", "Textiles", "Aeronautics").build();
        MatchEngine engine = engine(indexed(1.0, 100).build(), List.of(first, second));
        assertThat(engine.candidates(first.id())).containsExactly(second.id());
        assertThat(others(engine, first)).containsExactly(second.id());
    }

    @Test
    void inIndexedModeOnlyTheBestBoundedCandidatesAreScored() {
        HubProfile seeker = hub("seeker").seeks("semiconductors", "wafer fab").seeks("textiles", "looms").build();
        HubProfile both = hub("both").offers("semiconductors", "wafer fab").offers("textiles", "looms").build();
        HubProfile one = hub("one").offers("textiles", "looms").build();
        MatchEngine engine = engine(indexed(1.0, 1).build(), List.of(seeker, both, one));
        assertThat(engine.candidates(seeker.id())).containsExactly(both.id());
        MatchEngine wider = engine(indexed(1.0, 2).build(), List.of(seeker, both, one));
        assertThat(wider.candidates(seeker.id())).containsExactlyInAnyOrder(both.id(), one.id());
    }

    @Test
    void inIndexedModeTopicsMostHubsListDoNotMakeCandidates() {
        List<HubProfile> profiles = new ArrayList<>();
        HubProfile seeker = hub("seeker").seeks("skills", "welders").seeks("semiconductors", "wafer fab").build();
        profiles.add(seeker);
        for (int i = 0; i < 4; i++) {
            profiles.add(hub("trainer-" + i).offers("skills", "courses").build());
        }
        HubProfile fab = hub("fab").offers("semiconductors", "foundry").build();
        profiles.add(fab);
        // 6 hubs, fraction 0.5: a topic offered by more than 3 of them is too common to look up.
        MatchEngine engine = engine(indexed(0.5, 100).build(), profiles);
        assertThat(engine.candidates(seeker.id())).containsExactly(fab.id());
        // With a higher fraction the trainers are candidates too.
        MatchEngine permissive = engine(indexed(1.0, 100).build(), profiles);
        assertThat(permissive.candidates(seeker.id())).hasSize(5);
    }

    @Test
    void inIndexedModeListsKeepTheSameRules() {
        MatchEngine engine = engine(indexed(1.0, 100).suggestions(1, 5).minScore(0.08).build(), network);
        assertThat(others(engine, a)).containsExactly(twoWay.id(), sameWords.id());
        assertThat(others(engine, twoWay)).containsExactly(a.id());
        // stranger shares nothing: no candidates at all, so nobody to fill its list with.
        assertThat(others(engine, stranger)).isEmpty();
        MatchEngine capped = engine(indexed(1.0, 100).suggestions(1, 1).minScore(0).build(), network);
        assertThat(others(capped, a)).containsExactly(twoWay.id());
        assertThat(others(capped, sameWords)).containsExactly(a.id());
    }

    @Test
    void inIndexedModeANewHubBelowTheMinimumScoreIsOnlyAddedToListsThatNeedIt() {
        ScoringModel model = indexed(1.0, 100).suggestions(1, 5).minScore(0.08).build();
        MatchEngine engine = engine(model, List.of(a, twoWay));
        engine.upsert(otherWords); // 0.0714 with a: below the minimum, and a's list already holds two-way
        assertThat(others(engine, a)).containsExactly(twoWay.id());
        MatchEngine starved = engine(model, List.of(a));
        starved.upsert(otherWords); // a has nobody else: the weak partner fills the minimum
        assertThat(others(starved, a)).containsExactly(otherWords.id());
        starved.upsert(twoWay); // a better one arrives and goes first; the weak one keeps its place
        assertThat(others(starved, a)).containsExactly(twoWay.id(), otherWords.id());
    }

    @Test
    void inIndexedModeExclusionsHoldForProfilesArrivingLater() {
        MatchEngine engine = new MatchEngine(indexed(1.0, 100).build(), TAXONOMY);
        engine.setExclusions((owner, other) -> owner.equals(a.id()) && other.equals(twoWay.id()));
        network.forEach(engine::upsert);
        assertThat(others(engine, a)).doesNotContain(twoWay.id()).contains(sameWords.id());
        assertThat(others(engine, twoWay)).doesNotContain(a.id());
        engine.upsert(hub("two-way").offers("semiconductors", "wafer fab").seeks("textiles", "looms spinning").build());
        assertThat(others(engine, a)).doesNotContain(twoWay.id());
        engine.upsert(hub("a").seeks("semiconductors", "wafer fab").offers("textiles", "looms").industries("Toys").build());
        assertThat(others(engine, twoWay)).doesNotContain(a.id());
    }

    @Test
    void inIndexedModeRemovingTheBestPartnerReranksTheHubsThatListedIt() {
        MatchEngine engine = engine(indexed(1.0, 100).suggestions(1, 1).build(), network);
        assertThat(others(engine, a)).containsExactly(twoWay.id());
        assertThat(engine.remove(twoWay.id())).containsExactlyInAnyOrder(twoWay.id(), a.id());
        assertThat(others(engine, a)).containsExactly(sameWords.id());
        assertThat(engine.candidates(a.id())).doesNotContain(twoWay.id());
        // Its slot is reused by the next newcomer, which is found like any other.
        HubProfile newcomer = hub("newcomer").offers("semiconductors", "wafer fab").seeks("textiles", "looms").build();
        engine.upsert(newcomer);
        assertThat(others(engine, a)).containsExactly(newcomer.id());
        assertThat(engine.candidates(a.id())).contains(newcomer.id(), sameWords.id()).doesNotContain(twoWay.id(), a.id());
    }

    @Test
    void inIndexedModeAHubThatStopsFittingLeavesListsAndShortListsAreRefilled() {
        HubProfile fab = hub("fab").offers("semiconductors", "wafer fab").build();
        HubProfile close = hub("close").seeks("semiconductors", "wafer fab").build();
        HubProfile looser = hub("looser").seeks("semiconductors", "foundry time").build();
        MatchEngine engine = engine(indexed(1.0, 100).suggestions(1, 1).minScore(0).build(), List.of(fab, close, looser));
        assertThat(others(engine, fab)).containsExactly(close.id());
        // close no longer seeks wafers: fab's list would be empty, so it is re-ranked from fab's own candidates.
        java.util.Set<UUID> affected = engine.upsert(hub("close").seeks("metals", "rolling mill").build());
        assertThat(affected).contains(close.id(), fab.id());
        assertThat(others(engine, fab)).containsExactly(looser.id());
        assertThat(others(engine, close)).isEmpty();
    }

    @Test
    void inIndexedModeAListThatStillHoldsTheMinimumJustDropsTheHubThatLeft() {
        HubProfile fab = hub("fab").offers("semiconductors", "wafer fab").build();
        HubProfile close = hub("close").seeks("semiconductors", "wafer fab").build();
        HubProfile looser = hub("looser").seeks("semiconductors", "foundry time").build();
        MatchEngine engine = engine(indexed(1.0, 100).suggestions(1, 5).minScore(0).build(), List.of(fab, close, looser));
        assertThat(others(engine, fab)).containsExactly(close.id(), looser.id());
        engine.upsert(hub("close").seeks("metals", "rolling mill").build());
        assertThat(others(engine, fab)).containsExactly(looser.id());
    }

    @Test
    void inIndexedModePopularityIsTheMeanOfAHubsOwnList() {
        MatchEngine engine = engine(indexed(1.0, 100).suggestions(1, 5).minScore(0).debias(1).build(), network);
        double twoWayPopularity = engine.suggestionsFor(twoWay.id()).stream().mapToDouble(MatchEngine.Ranked::score).average().orElseThrow();
        assertThat(engine.rankScore(a.id(), twoWay.id())).isCloseTo(1.0 - twoWayPopularity, within(1e-9));
    }

    @Test
    void loadingInIndexedModeRanksEveryHub() {
        MatchEngine loaded = new MatchEngine(indexed(1.0, 100).minScore(0.08).suggestions(1, 5).build(), TAXONOMY);
        loaded.load(network);
        Map<UUID, List<UUID>> lists = network.stream().collect(Collectors.toMap(HubProfile::id, h -> others(loaded, h)));
        assertThat(lists.get(a.id())).containsExactly(twoWay.id(), sameWords.id());
        assertThat(lists.get(sameWords.id())).containsExactly(a.id());
        assertThat(lists.get(stranger.id())).isEmpty();
    }

    @Test
    void aNetworkOfExactlyTheThresholdSizeIsStillScoredInFull() {
        // stranger shares nothing with a: only a full scan pairs them.
        MatchEngine atThreshold = engine(complementarityOnly().fullScan(5, 1.0, 100).build(), network);
        MatchEngine above = engine(complementarityOnly().fullScan(4, 1.0, 100).build(), network);
        assertThat(atThreshold.candidates(a.id())).contains(stranger.id());
        assertThat(above.candidates(a.id())).doesNotContain(stranger.id()).doesNotContain(a.id());
    }

    @Test
    void anUpsertReportsTheHubsWhoseListsChanged() {
        MatchEngine engine = engine(complementarityOnly().build(), network);
        HubProfile newcomer = hub("newcomer").offers("semiconductors", "wafer fab").seeks("textiles", "looms").build();
        assertThat(engine.upsert(newcomer)).contains(newcomer.id(), a.id());
        MatchEngine indexedEngine = engine(indexed(1.0, 100).build(), network);
        assertThat(indexedEngine.upsert(newcomer)).contains(newcomer.id(), a.id()).doesNotContain(stranger.id());
    }

    @Test
    void theBenchmarkBaselineScoresEveryPairOnce() {
        MatchEngine engine = engine(complementarityOnly().build(), network);
        assertThat(engine.rescoreEveryPair()).isEqualTo(10); // 5 hubs: 5·4/2 pairs
        assertThat(engine(complementarityOnly().build(), List.of()).rescoreEveryPair()).isZero();
    }

    @Test
    void inIndexedModeARarerSharedNeedMakesTheBetterCandidate() {
        HubProfile seeker = hub("seeker").seeks("semiconductors", "wafer fab").seeks("skills", "welders").build();
        HubProfile fab = hub("fab").offers("semiconductors", "foundry").build();
        HubProfile trainer = hub("trainer").offers("skills", "courses").build();
        HubProfile p1 = hub("p1").priority("skills").build(), p2 = hub("p2").priority("skills").build();
        MatchEngine engine = engine(indexed(1.0, 1).build(), List.of(seeker, fab, trainer, p1, p2));
        assertThat(engine.candidates(seeker.id())).containsExactly(fab.id());
    }

    @Test
    void inIndexedModeATopicListedByExactlyTheCommonShareStillMakesCandidates() {
        List<HubProfile> profiles = new ArrayList<>();
        HubProfile seeker = hub("seeker").seeks("skills", "welders").build();
        profiles.add(seeker);
        for (int i = 0; i < 3; i++) {
            profiles.add(hub("trainer-" + i).offers("skills", "courses").build());
        }
        profiles.add(hub("idle-1").offers("metals", "steel").build());
        profiles.add(hub("idle-2").offers("metals", "steel").build());
        // 6 hubs, fraction 0.5: up to 3 hubs offering a topic is not too common.
        MatchEngine engine = engine(indexed(0.5, 100).build(), profiles);
        assertThat(engine.candidates(seeker.id())).hasSize(3);
    }

    @Test
    void inIndexedModeAHubThatDropsAPriorityOrAnIndustryStopsBeingACandidateForIt() {
        HubProfile first = hub("first").priority("semiconductors").industries("Automotive").build();
        HubProfile second = hub("second").priority("semiconductors").build();
        HubProfile third = hub("third").industries("Automotive").build();
        MatchEngine engine = engine(indexed(1.0, 100).build(), List.of(first, second, third));
        assertThat(engine.candidates(first.id())).containsExactlyInAnyOrder(second.id(), third.id());
        engine.upsert(hub("second").priority("textiles").build());
        engine.upsert(hub("third").industries("Toys").build());
        assertThat(engine.candidates(first.id())).isEmpty();
    }

    @Test
    void aBulkLoadKeepsOnlyTheLatestProfileOfAHub() {
        HubProfile seeker = hub("seeker").seeks("semiconductors", "wafer fab").build();
        HubProfile before = hub("changing").offers("semiconductors", "wafer fab").build();
        HubProfile after = hub("changing").offers("textiles", "looms").build();
        MatchEngine engine = new MatchEngine(indexed(1.0, 100).build(), TAXONOMY);
        engine.load(List.of(seeker, before, after));
        assertThat(engine.candidates(seeker.id())).isEmpty();
        assertThat(engine.size()).isEqualTo(2);
        assertThat(engine.stats().hubs()).isEqualTo(2);
    }

    @Test
    void inIndexedModeAFreedSlotIsReusedWithoutDisturbingOtherHubs() {
        HubProfile late = hub("late").offers("semiconductors", "wafer fab").build();
        List<HubProfile> profiles = new ArrayList<>(network);
        profiles.add(late);
        MatchEngine engine = engine(indexed(1.0, 100).build(), profiles);
        engine.remove(twoWay.id());
        HubProfile newcomer = hub("newcomer").offers("semiconductors", "cleanroom").build();
        engine.upsert(newcomer);
        assertThat(engine.candidates(a.id()))
                .containsExactlyInAnyOrder(sameWords.id(), otherWords.id(), late.id(), newcomer.id());
        assertThat(engine.features(late.id()).slug()).isEqualTo("late");
    }
}
