package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.TopicClaim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MatchEngine#upsertAll} and {@link MatchEngine#update} (a batch of profile events) against applying the same
 * changes one by one, on random networks: equal lists in exact mode; in indexed mode, the bounds it guarantees.
 */
class BatchUpsertTest {

    static final Taxonomy TAXONOMY = Taxonomy.standard();
    static final List<String> TOPICS = TAXONOMY.topics().stream().map(Taxonomy.Topic::id).toList();
    static final String[] WORDS = ("printing robot sensor hydrogen battery composite alloy weld casting machining "
            + "logistics dairy grain textile fibre chip wafer laser optics drone ship hull turbine blade").split(" ");
    static final String[] INDUSTRIES = {"Automotive", "Aerospace", "Food", "Textiles", "Steel", "Shipbuilding"};

    /** A random hub: a few needs, capabilities and priorities from a skewed topic choice, so hubs share some. */
    static HubProfile randomHub(int i, long version, Random random) {
        return new HubProfile(new UUID(7, i), "hub-" + i, "Hub " + i, "Country " + random.nextInt(6),
                "Region " + random.nextInt(3), List.of("Host " + i), null, null,
                List.of(INDUSTRIES[random.nextInt(INDUSTRIES.length)]), null, null, HubStatus.ACTIVE,
                claims(random, 1 + random.nextInt(2)), claims(random, 1 + random.nextInt(3)), claims(random, 1 + random.nextInt(3)),
                List.of(), version, null, null);
    }

    static List<TopicClaim> claims(Random random, int count) {
        List<TopicClaim> claims = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 4; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            // Half the claims from the first 15 topics, so pairs share topics; the rest from the whole taxonomy
            String topic = random.nextBoolean() ? TOPICS.get(random.nextInt(15)) : TOPICS.get(random.nextInt(TOPICS.size()));
            claims.add(new TopicClaim(topic, text.toString().strip(), null));
        }
        return claims;
    }

    static Map<UUID, List<MatchEngine.Ranked>> lists(MatchEngine engine) {
        Map<UUID, List<MatchEngine.Ranked>> lists = new LinkedHashMap<>();
        engine.hubs().stream().map(HubFeatures::id).sorted().forEach(id -> lists.put(id, engine.suggestionsFor(id)));
        return lists;
    }

    /** A batch over a network: new hubs, changed ones (some twice, the last counts), removed ones. */
    record Batch(List<HubProfile> upserts, List<UUID> removals, List<Object> oneByOne) {
    }

    static Batch randomBatch(Random random, int existing, int size) {
        Map<UUID, HubProfile> last = new LinkedHashMap<>();
        Set<UUID> removed = new HashSet<>();
        List<Object> sequence = new ArrayList<>(); // HubProfile = upsert, UUID = remove, in order
        for (int k = 0; k < size; k++) {
            int roll = random.nextInt(10);
            if (roll < 2 && existing > 0) {
                UUID gone = new UUID(7, random.nextInt(existing));
                if (!last.containsKey(gone)) {
                    removed.add(gone);
                    sequence.add(gone);
                }
                continue;
            }
            int i = roll < 6 || existing == 0 ? existing + random.nextInt(size) : random.nextInt(existing);
            HubProfile profile = randomHub(i, 2 + k, random);
            if (removed.contains(profile.id())) {
                continue;
            }
            last.put(profile.id(), profile);
            sequence.add(profile);
        }
        return new Batch(List.copyOf(last.values()), List.copyOf(removed), sequence);
    }

    static void applyOneByOne(MatchEngine engine, List<Object> sequence) {
        for (Object change : sequence) {
            if (change instanceof HubProfile profile) {
                engine.upsert(profile);
            } else {
                engine.remove((UUID) change);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void inExactModeABatchGivesTheSameListsAsItsRecordsOneByOne(long seed) {
        Random random = new Random(seed);
        ScoringModel model = Models.lexical().fullScan(500, 0.2, 64).build();
        int existing = 20 + random.nextInt(40);
        List<HubProfile> network = new ArrayList<>();
        for (int i = 0; i < existing; i++) {
            network.add(randomHub(i, 1, random));
        }
        Batch batch = randomBatch(random, existing, 5 + random.nextInt(40));

        MatchEngine oneByOne = new MatchEngine(model, TAXONOMY);
        oneByOne.load(network);
        applyOneByOne(oneByOne, batch.oneByOne());
        MatchEngine batched = new MatchEngine(model, TAXONOMY);
        batched.load(network);
        Map<UUID, List<MatchEngine.Ranked>> before = lists(batched);
        Set<UUID> affected = batched.update(batch.upserts(), batch.removals());

        assertThat(lists(batched)).isEqualTo(lists(oneByOne));
        // Every hub whose list moved is reported, the changed and removed ones too
        for (Map.Entry<UUID, List<MatchEngine.Ranked>> list : lists(batched).entrySet()) {
            if (!list.getValue().equals(before.get(list.getKey()))) {
                assertThat(affected).contains(list.getKey());
            }
        }
        batch.upserts().forEach(p -> assertThat(affected).contains(p.id()));
        batch.removals().forEach(id -> assertThat(affected).contains(id));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aBulkLoadInIndexedModeGivesTheSameListsWhateverOrderTheProfilesComeIn(long seed) {
        Random random = new Random(seed);
        ScoringModel model = Models.lexical().fullScan(20, 0.2, 16).build(); // indexed: 300 hubs, 16 candidates each
        List<HubProfile> network = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            network.add(randomHub(i, 1, random));
        }
        MatchEngine loaded = new MatchEngine(model, TAXONOMY);
        loaded.load(network);
        Map<UUID, List<MatchEngine.Ranked>> expected = lists(loaded);
        for (int shuffle = 0; shuffle < 3; shuffle++) {
            List<HubProfile> reordered = new ArrayList<>(network);
            java.util.Collections.shuffle(reordered, random);
            MatchEngine again = new MatchEngine(model, TAXONOMY);
            again.upsertAll(reordered); // the same path as a load: the batch is the whole network
            assertThat(lists(again)).as("order %d", shuffle).isEqualTo(expected);
        }
        // Each list is ranked from the hub's own candidates, capped, never the hub itself, every entry explained
        for (Map.Entry<UUID, List<MatchEngine.Ranked>> list : expected.entrySet()) {
            assertThat(list.getValue()).hasSizeLessThanOrEqualTo(model.maxSuggestionsPerHub())
                    .noneMatch(r -> r.other().equals(list.getKey()));
            assertThat(loaded.candidates(list.getKey())).containsAll(list.getValue().stream().map(MatchEngine.Ranked::other).toList());
            list.getValue().forEach(r -> assertThat(loaded.explain(list.getKey(), r.other()).reasons()).isNotEmpty());
        }
        assertThat(expected.values()).anyMatch(l -> l.size() == model.maxSuggestionsPerHub());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void upsertAllOfANewNetworkEqualsUpsertingOneByOneInExactMode(long seed) {
        Random random = new Random(seed);
        ScoringModel model = Models.lexical().fullScan(500, 0.2, 64).build();
        List<HubProfile> network = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            network.add(randomHub(i, 1, random));
        }
        MatchEngine oneByOne = new MatchEngine(model, TAXONOMY);
        network.forEach(oneByOne::upsert);
        MatchEngine batched = new MatchEngine(model, TAXONOMY);
        batched.upsertAll(network);
        assertThat(lists(batched)).isEqualTo(lists(oneByOne));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void inIndexedModeEveryChangedHubIsRankedFromItsCandidatesAndNoListHoldsARemovedOrStaleEntry(long seed) {
        Random random = new Random(seed);
        // Without the popularity penalty a list's order depends only on pair scores, so it can be checked directly
        ScoringModel model = Models.lexical().debias(0).indexed(0.3, 16).build();
        int existing = 60 + random.nextInt(60);
        List<HubProfile> network = new ArrayList<>();
        for (int i = 0; i < existing; i++) {
            network.add(randomHub(i, 1, random));
        }
        MatchEngine engine = new MatchEngine(model, TAXONOMY);
        engine.load(network);
        Batch batch = randomBatch(random, existing, 10 + random.nextInt(40));
        Map<UUID, List<MatchEngine.Ranked>> before = lists(engine);
        Set<UUID> affected = engine.update(batch.upserts(), batch.removals());

        Set<UUID> changed = new HashSet<>();
        batch.upserts().forEach(p -> changed.add(p.id()));
        for (UUID hub : changed) {
            // Each changed hub's list is exactly the ranking of its candidates over the network after the batch
            assertThat(engine.suggestionsFor(hub)).as("list of changed hub %s", hub)
                    .isEqualTo(engine.rankedFromCandidates(hub));
        }
        for (Map.Entry<UUID, List<MatchEngine.Ranked>> list : lists(engine).entrySet()) {
            UUID owner = list.getKey();
            List<MatchEngine.Ranked> entries = list.getValue();
            assertThat(entries.size()).isLessThanOrEqualTo(model.maxSuggestionsPerHub());
            for (MatchEngine.Ranked entry : entries) {
                assertThat(entry.other()).isNotEqualTo(owner);
                assertThat(engine.features(entry.other())).as("listed hub still in the network").isNotNull();
                assertThat(engine.listedBy(entry.other())).contains(owner);
                if (changed.contains(entry.other()) || changed.contains(owner)) {
                    // An entry that concerns a changed hub carries its score against the new profile, never the old
                    assertThat(entry.score()).isEqualTo(engine.score(owner, entry.other()));
                }
            }
            assertThat(entries).isSortedAccordingTo((a, b) -> Double.compare(b.rankScore(), a.rankScore()));
            if (!entries.equals(before.get(owner))) {
                assertThat(affected).contains(owner);
            }
        }
        batch.removals().forEach(id -> {
            assertThat(engine.features(id)).isNull();
            assertThat(engine.listedBy(id)).isEmpty();
        });
    }

    @Test
    void aHubBothRemovedAndUpsertedInOneBatchIsRefused() {
        MatchEngine engine = new MatchEngine(Models.lexical().build(), TAXONOMY);
        HubProfile hub = randomHub(1, 1, new Random(1));
        engine.upsertAll(List.of(hub));
        assertThatThrownBy(() -> engine.update(List.of(hub), List.of(hub.id()))).isInstanceOf(IllegalArgumentException.class);
    }
}
