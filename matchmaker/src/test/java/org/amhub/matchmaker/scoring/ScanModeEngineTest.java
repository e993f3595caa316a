package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.TopicClaim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.amhub.matchmaker.scoring.BatchUpsertTest.lists;
import static org.amhub.matchmaker.scoring.BatchUpsertTest.randomBatch;
import static org.amhub.matchmaker.scoring.BatchUpsertTest.randomHub;
import static org.amhub.matchmaker.scoring.Profiles.hub;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code candidates=scan}, the O(N)-per-change baseline: above the full-scan threshold a change is scored against every
 * other hub, so every list stays the exact top of the scores (no candidate limit, no skipped topic). As in the indexed
 * tests, without the popularity penalty (debias 0) so a list's order depends on pair scores alone.
 */
class ScanModeEngineTest {

    static final Taxonomy TAXONOMY = Taxonomy.standard();

    static ScoringModel scan() {
        // Threshold 0: above it from the first hub; candidate limit 1 and every topic "common": the index would find
        // next to nothing, so any list longer than one entry comes from the scan
        return Models.lexical().debias(0).indexed(0.0, 1).candidates(ScoringModel.SCAN).build();
    }

    /** The exact lists: a fresh engine in exact mode over the same profiles (same document frequencies). */
    static Map<UUID, List<UUID>> exactLists(ScoringModel model, Map<UUID, HubProfile> profiles) {
        ScoringModel exact = Models.lexical().debias(0).fullScan(Integer.MAX_VALUE, 0.0, 1).build();
        assertThat(exact.maxSuggestionsPerHub()).isEqualTo(model.maxSuggestionsPerHub());
        MatchEngine engine = new MatchEngine(exact, TAXONOMY);
        engine.load(profiles.values());
        return ids(lists(engine));
    }

    static Map<UUID, List<UUID>> ids(Map<UUID, List<MatchEngine.Ranked>> lists) {
        Map<UUID, List<UUID>> ids = new HashMap<>();
        lists.forEach((hub, list) -> ids.put(hub, list.stream().map(MatchEngine.Ranked::other).toList()));
        return ids;
    }

    /**
     * A change that moves pair scores but not the network's document frequencies (the same topics and words, in other
     * roles and claims; another country): so the lists not touched by the change stay exact, and the whole network can
     * be checked against an exact ranking after every change.
     */
    static HubProfile reshuffled(HubProfile profile, long version, Random random) {
        List<TopicClaim> needs = profile.capabilities(), capabilities = profile.needs(); // roles swapped
        List<String> texts = new ArrayList<>();
        needs.forEach(c -> texts.add(c.text()));
        capabilities.forEach(c -> texts.add(c.text()));
        java.util.Collections.shuffle(texts, random);
        int t = 0;
        List<TopicClaim> newNeeds = new ArrayList<>(), newCapabilities = new ArrayList<>();
        for (TopicClaim claim : needs) {
            newNeeds.add(new TopicClaim(claim.topic(), texts.get(t++), claim.evidence(), claim.source()));
        }
        for (TopicClaim claim : capabilities) {
            newCapabilities.add(new TopicClaim(claim.topic(), texts.get(t++), claim.evidence(), claim.source()));
        }
        return new HubProfile(profile.id(), profile.slug(), profile.name(), "Country " + random.nextInt(6),
                profile.region(), profile.hostEntities(), profile.contactEmail(), profile.population(),
                profile.topIndustries(), profile.workforceInManufacturingPct(), profile.manufacturingShareOfGdpPct(),
                profile.status(), profile.priorities(), newCapabilities,
                newNeeds, profile.programmes(), version, profile.createdAt(), profile.updatedAt());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void afterEachChangeEveryListIsTheExactTopOfAllOtherHubs(long seed) {
        Random random = new Random(seed);
        ScoringModel model = scan();
        Map<UUID, HubProfile> profiles = new HashMap<>();
        int size = 40 + random.nextInt(40);
        for (int i = 0; i < size; i++) {
            HubProfile profile = randomHub(i, 1, random);
            profiles.put(profile.id(), profile);
        }
        MatchEngine engine = new MatchEngine(model, TAXONOMY);
        engine.load(profiles.values()); // through the indexes, as at start
        engine.rescoreAll(); // then exact, so the checks below test the changes alone
        assertThat(ids(lists(engine))).isEqualTo(exactLists(model, profiles));

        List<UUID> ids = profiles.keySet().stream().sorted().toList();
        for (int step = 0; step < 25; step++) {
            if (random.nextInt(4) == 0) { // a batch of a few changes (one poll), else a single change
                List<HubProfile> batch = new ArrayList<>();
                Set<UUID> picked = new HashSet<>();
                for (int k = 0; k < 2 + random.nextInt(4); k++) {
                    UUID id = ids.get(random.nextInt(ids.size()));
                    if (picked.add(id)) {
                        batch.add(reshuffled(profiles.get(id), 2 + step, random));
                    }
                }
                Set<UUID> affected = engine.upsertAll(batch);
                batch.forEach(p -> profiles.put(p.id(), p));
                batch.forEach(p -> assertThat(affected).contains(p.id()));
            } else {
                HubProfile changed = reshuffled(profiles.get(ids.get(random.nextInt(ids.size()))), 2 + step, random);
                Map<UUID, List<MatchEngine.Ranked>> before = lists(engine);
                Set<UUID> affected = engine.upsert(changed);
                profiles.put(changed.id(), changed);
                lists(engine).forEach((hub, list) -> {
                    if (!list.equals(before.get(hub))) {
                        assertThat(affected).as("hub whose list moved").contains(hub);
                    }
                });
            }
            assertThat(ids(lists(engine))).as("step %d", step).isEqualTo(exactLists(model, profiles));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void underArbitraryChangesEachChangedHubIsRankedFromEveryHubAndNoListIsStale(long seed) {
        Random random = new Random(seed);
        ScoringModel model = scan();
        int existing = 50 + random.nextInt(50);
        List<HubProfile> network = new ArrayList<>();
        for (int i = 0; i < existing; i++) {
            network.add(randomHub(i, 1, random));
        }
        MatchEngine engine = new MatchEngine(model, TAXONOMY);
        engine.load(network);
        for (int round = 0; round < 4; round++) {
            BatchUpsertTest.Batch batch = randomBatch(random, existing, 1 + random.nextInt(12));
            Map<UUID, List<MatchEngine.Ranked>> before = lists(engine);
            boolean batched = random.nextBoolean();
            Set<UUID> affected = batched ? engine.update(batch.upserts(), batch.removals()) : oneByOne(engine, batch);
            // The hubs scored with the document frequencies as they are now: every changed one after a batch, the
            // last one after changes one by one (the earlier ones were exact as of their own change)
            Set<UUID> changed = new HashSet<>();
            if (batched) {
                batch.upserts().forEach(p -> changed.add(p.id()));
            } else if (!batch.oneByOne().isEmpty() && batch.oneByOne().get(batch.oneByOne().size() - 1) instanceof HubProfile last) {
                changed.add(last.id());
            }
            Set<UUID> everyone = new HashSet<>();
            engine.hubs().forEach(h -> everyone.add(h.id()));
            for (UUID hub : changed) {
                // Ranked from every other hub with the document frequencies after the change: exact
                assertThat(engine.suggestionsFor(hub)).isEqualTo(engine.rankedFromCandidates(hub));
                assertThat(engine.candidates(hub)).containsExactlyInAnyOrderElementsOf(everyone);
            }
            lists(engine).forEach((owner, entries) -> {
                assertThat(entries.size()).isLessThanOrEqualTo(model.maxSuggestionsPerHub());
                assertThat(entries).isSortedAccordingTo((a, b) -> Double.compare(b.rankScore(), a.rankScore()));
                for (MatchEngine.Ranked entry : entries) {
                    assertThat(entry.other()).isNotEqualTo(owner);
                    assertThat(engine.features(entry.other())).as("listed hub still in the network").isNotNull();
                    assertThat(engine.listedBy(entry.other())).contains(owner);
                    if (changed.contains(entry.other()) || changed.contains(owner)) {
                        assertThat(entry.score()).isEqualTo(engine.score(owner, entry.other()));
                    }
                }
                if (!entries.equals(before.get(owner))) {
                    assertThat(affected).contains(owner);
                }
            });
            batch.removals().forEach(id -> assertThat(engine.listedBy(id)).isEmpty());
        }
    }

    static Set<UUID> oneByOne(MatchEngine engine, BatchUpsertTest.Batch batch) {
        Set<UUID> affected = new HashSet<>();
        for (Object change : batch.oneByOne()) {
            affected.addAll(change instanceof HubProfile profile ? engine.upsert(profile) : engine.remove((UUID) change));
        }
        return affected;
    }

    @Test
    void scanRanksFromEveryHubWhereTheIndexStopsAtItsCandidateLimit() {
        // Five hubs offer what "seeker" needs; a candidate limit of one lets the index score only one of them
        List<HubProfile> offerers = new ArrayList<>();
        for (String slug : List.of("b", "c", "d", "e", "f")) {
            offerers.add(hub(slug).offers("hydrogen-mobility", slug + " fuel cell test centre").build());
        }
        HubProfile seeker = hub("a").seeks("hydrogen-mobility", "fuel cell buses").build();
        MatchEngine indexed = new MatchEngine(Models.lexical().debias(0).indexed(1.0, 1).build(), TAXONOMY);
        MatchEngine scanning = new MatchEngine(Models.lexical().debias(0).indexed(1.0, 1).candidates(ScoringModel.SCAN).build(), TAXONOMY);
        for (MatchEngine engine : List.of(indexed, scanning)) {
            engine.load(offerers);
            engine.upsert(seeker);
        }
        assertThat(indexed.candidates(seeker.id())).hasSize(1);
        assertThat(indexed.suggestionsFor(seeker.id())).hasSize(1);
        assertThat(scanning.candidates(seeker.id())).hasSize(6);
        assertThat(scanning.suggestionsFor(seeker.id())).hasSize(scanning.model().maxSuggestionsPerHub());
        // and each offerer's list now holds the seeker, patched by the scan
        offerers.forEach(o -> assertThat(scanning.suggestionsFor(o.id())).extracting(MatchEngine.Ranked::other).contains(seeker.id()));
    }

    @Test
    void anUnknownRetrievalIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Models.lexical().candidates("bogus").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scan");
    }
}
