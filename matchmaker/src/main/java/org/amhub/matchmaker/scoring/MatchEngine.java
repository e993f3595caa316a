package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * Keeps every hub's ranked suggestion list current as profiles change.
 * <p>
 * Small networks (up to {@code fullScanThreshold} hubs) are rescored exactly after each change, so rarity weights are
 * always those of the live network. Large networks (member organisations by the thousand) rescore only the changed
 * profile: inverted indexes over needs, capabilities, priorities and industries give every hub that shares something
 * with it a cheap upper-bound score, the best {@code candidateLimit} are scored in full, and their lists are patched.
 * Cost grows with the posting lists touched, not with N². Rarity weights drift slowly between full rebuilds there.
 * <p>
 * With {@link ScoringModel#SCAN} candidates ({@code amhub.matchmaker.candidates=scan}) large networks instead take the
 * path a simple service would: a change scores the changed hub against every other hub (O(N) pair scores), ranks its
 * list from all of them, and patches every other list with its new score for it; a list that held it and now holds a
 * worse entry for it (or none) is ranked again from every hub. No candidate limit, no topic skipped: each list is the
 * exact top of the scores as they were when its entries were computed. {@link #load} still uses the indexes in both
 * settings (an O(N²) start would only measure the obvious). The benchmarks compare the two through the service.
 * Not thread-safe: the service serialises updates.
 */
public final class MatchEngine {

    /**
     * One entry of a hub's list: the pair score, and the rank score the list is ordered by (the pair score less the
     * candidate's popularity penalty, see {@link ScoringModel#exposureDebias()}).
     */
    public record Ranked(UUID other, double score, double rankScore) {
    }

    private static final Comparator<Ranked> BEST_FIRST = Comparator.comparingDouble(Ranked::rankScore).reversed()
            .thenComparing(Ranked::other);

    private final ScoringModel model;
    private final FeatureExtractor extractor;
    private final PairScorer scorer;
    private final NetworkStats stats = new NetworkStats();
    private final Map<UUID, HubFeatures> hubs = new HashMap<>();
    private final Map<String, UUID> bySlug = new HashMap<>();
    private final Map<UUID, List<Ranked>> lists = new HashMap<>();
    /** Reverse of {@link #lists}: which hubs list a given hub. */
    private final Map<UUID, Set<UUID>> listedBy = new HashMap<>();

    // Indexes over dense slots, so posting lists are bitsets and candidate scoring uses primitive arrays.
    private final Map<UUID, Integer> slots = new HashMap<>();
    private final Deque<Integer> freeSlots = new ArrayDeque<>();
    private HubFeatures[] bySlot = new HubFeatures[64];
    private float[] bound = new float[64];
    /** Per slot, a key from the hub's id: equal candidate bounds are ordered by it, not by the slot (arrival order). */
    private long[] tiebreak = new long[64];
    private final Map<String, BitSet> needIndex = new HashMap<>();
    private final Map<String, BitSet> capabilityIndex = new HashMap<>();
    private final Map<String, BitSet> priorityIndex = new HashMap<>();
    private final Map<String, BitSet> industryIndex = new HashMap<>();

    /**
     * Each hub's popularity: the mean pair score with its {@code maxSuggestionsPerHub} best partners. Exact mode
     * recomputes it from every pair after each change (so it depends only on the set of profiles, not on their order);
     * indexed mode keeps it from the hub's own list as that list changes.
     */
    private final Map<UUID, Double> popularity = new HashMap<>();

    /** Set while {@link #load} runs: a rebuild finds candidates through the indexes even in scan mode. */
    private boolean loading;

    /** Pairs that must not be suggested (declined, "never"); asked with (hub, candidate). */
    private BiPredicate<UUID, UUID> excluded = (a, b) -> false;

    public MatchEngine(ScoringModel model, Taxonomy taxonomy) {
        this.model = model;
        this.extractor = new FeatureExtractor(taxonomy, model);
        this.scorer = new PairScorer(model, taxonomy);
    }

    public void setExclusions(BiPredicate<UUID, UUID> excluded) {
        this.excluded = excluded;
    }

    public ScoringModel model() {
        return model;
    }

    public int size() {
        return hubs.size();
    }

    public Collection<HubFeatures> hubs() {
        return hubs.values();
    }

    /** The hub with this slug, if known. */
    public HubFeatures bySlug(String slug) {
        UUID id = bySlug.get(slug);
        return id == null ? null : hubs.get(id);
    }

    public HubFeatures features(UUID id) {
        return hubs.get(id);
    }

    public NetworkStats stats() {
        return stats;
    }

    /** Adds or replaces a profile; returns the hubs whose lists may have changed. */
    public Set<UUID> upsert(HubProfile profile) {
        if (model.scansEveryHub() && !loading) { // a batch of one (exact or scan, as the network is after it)
            return update(List.of(profile), List.of());
        }
        HubFeatures features = extractor.extract(profile);
        HubFeatures previous = hubs.put(features.id(), features);
        if (previous != null) {
            bySlug.remove(previous.slug(), previous.id());
            unindex(previous);
        }
        index(features);
        bySlug.put(features.slug(), features.id());
        if (exactMode()) {
            return rescoreAll();
        }
        return rescoreAround(features.id());
    }

    /**
     * Loads many profiles at once (a rebuild): {@link #upsertAll(Collection)}. On an empty engine, indexed mode ranks
     * every hub from its candidates. The result is the same as upserting them one by one in any order, in exact mode.
     * Scan mode loads through the indexes too: its baseline is the cost per change, not an O(N²) start.
     */
    public void load(Collection<HubProfile> profiles) {
        loading = true;
        try {
            upsertAll(profiles);
        } finally {
            loading = false;
        }
    }

    /**
     * Adds or replaces many profiles at once (a batch of profile events): {@link #update(Collection, Collection)}
     * without removals.
     */
    public Set<UUID> upsertAll(Collection<HubProfile> profiles) {
        return update(profiles, List.of());
    }

    /**
     * Applies a batch: removes {@code removals}, indexes every profile of {@code upserts}, then re-ranks once instead of
     * once per profile. Exact mode: one {@link #rescoreAll()}, so the lists are the same as applying the changes one by
     * one in any order (the mode is that of the network after the batch). Indexed mode: each changed hub is ranked from
     * its candidates once, and every other hub whose list may move (it listed a changed or removed hub, or is a
     * candidate of a changed one) is patched once with all the batch's entries that concern it. A hub may appear at
     * most once across both collections (the last profile of a hub counts). Returns the hubs whose lists may have
     * changed, the changed and removed ones included.
     */
    public Set<UUID> update(Collection<HubProfile> upserts, Collection<UUID> removals) {
        Set<UUID> removing = new HashSet<>(removals);
        for (HubProfile profile : upserts) {
            if (removing.contains(profile.id())) {
                throw new IllegalArgumentException("Hub " + profile.id() + " both removed and upserted in one batch");
            }
        }
        Set<UUID> affected = new HashSet<>();
        Set<UUID> gone = new HashSet<>();
        Set<UUID> owners = new HashSet<>(); // hubs whose lists held a changed or removed hub before the batch
        for (UUID id : removals) {
            HubFeatures previous = hubs.remove(id);
            if (previous == null) {
                continue;
            }
            bySlug.remove(previous.slug(), id);
            unindex(previous);
            setList(id, List.of());
            lists.remove(id);
            popularity.remove(id);
            owners.addAll(listedBy.getOrDefault(id, Set.of()));
            gone.add(id);
        }
        Set<UUID> changed = new HashSet<>();
        for (HubProfile profile : upserts) {
            HubFeatures features = extractor.extract(profile);
            HubFeatures previous = hubs.put(features.id(), features);
            if (previous != null) {
                bySlug.remove(previous.slug(), previous.id());
                unindex(previous);
            }
            index(features);
            bySlug.put(features.slug(), features.id());
            changed.add(features.id());
        }
        affected.addAll(gone);
        affected.addAll(changed);
        if (exactMode()) {
            affected.addAll(rescoreAll());
            gone.forEach(listedBy::remove);
            return affected;
        }
        if (changed.size() * 2 >= hubs.size()) {
            // Most of the network is new (a rebuild, the end of a backlog): rank it all, through the indexes in scan
            // mode too (like a load: the scan baseline is the cost of a change, not of an O(N²) start)
            affected.addAll(rankEveryHub());
            gone.forEach(listedBy::remove);
            return affected;
        }
        if (scanning()) {
            scanAround(changed, gone, owners, affected);
            gone.forEach(listedBy::remove);
            return affected;
        }
        List<UUID> changedInOrder = changed.stream().sorted().toList();
        for (UUID hub : changedInOrder) {
            owners.addAll(listedBy.getOrDefault(hub, Set.of()));
        }
        // The changed hubs first, each ranked once from its candidates (with every profile of the batch indexed)
        Map<UUID, List<Ranked>> entries = new HashMap<>();
        for (UUID hub : changedInOrder) {
            List<UUID> candidates = candidates(hub);
            setList(hub, rank(hub, candidates));
            HubFeatures self = hubs.get(hub);
            for (UUID other : candidates) {
                if (changed.contains(other) || excluded.test(other, hub) || excluded.test(hub, other)) {
                    continue;
                }
                entries.computeIfAbsent(other, k -> new ArrayList<>())
                        .add(ranked(hub, scorer.value(hubs.get(other), self, stats)));
            }
        }
        owners.addAll(entries.keySet());
        owners.removeAll(changed);
        owners.removeAll(gone);
        // Then every other hub concerned, once: its entries for unchanged hubs stay (still valid), those for changed
        // or removed hubs are replaced by the batch's; a list left below the minimum is ranked from its candidates.
        for (UUID owner : owners.stream().sorted().toList()) {
            List<Ranked> merged = new ArrayList<>();
            for (Ranked ranked : lists.getOrDefault(owner, List.of())) {
                if (!changed.contains(ranked.other()) && !gone.contains(ranked.other())) {
                    merged.add(ranked);
                }
            }
            merged.addAll(entries.getOrDefault(owner, List.of()));
            List<Ranked> kept = keep(owner, merged);
            if (kept.size() < Math.min(model.minSuggestionsPerHub(), model.maxSuggestionsPerHub())) {
                kept = rank(owner, candidates(owner));
            }
            if (setList(owner, kept)) {
                affected.add(owner);
            }
        }
        gone.forEach(listedBy::remove);
        return affected;
    }

    /**
     * The hub's list as ranking its candidates now would give it (what {@link #suggestionsFor(UUID)} holds after the
     * hub itself changed); for checks and tests, it changes nothing.
     */
    public List<Ranked> rankedFromCandidates(UUID hub) {
        return rank(hub, candidates(hub));
    }

    /** Whether the pair has a reason to be suggested ({@link PairScorer#explainable}). */
    private boolean explainable(UUID owner, UUID other) {
        return scorer.explainable(hubs.get(owner), hubs.get(other), stats);
    }

    /** Whether feedback rules the pair out (either way round). */
    public boolean excludedPair(UUID a, UUID b) {
        return excluded.test(a, b) || excluded.test(b, a);
    }

    /** Removes a hub (tombstone); returns the hubs whose lists may have changed, the removed one included. */
    public Set<UUID> remove(UUID id) {
        if (model.scansEveryHub() && !loading) {
            return update(List.of(), List.of(id));
        }
        HubFeatures previous = hubs.remove(id);
        if (previous == null) {
            return Set.of();
        }
        bySlug.remove(previous.slug(), id);
        unindex(previous);
        setList(id, List.of());
        lists.remove(id);
        popularity.remove(id);
        Set<UUID> affected = new HashSet<>();
        affected.add(id);
        if (exactMode()) {
            affected.addAll(rescoreAll());
            return affected;
        }
        for (UUID owner : List.copyOf(listedBy.getOrDefault(id, Set.of()))) {
            setList(owner, rank(owner, candidates(owner)));
            affected.add(owner);
        }
        listedBy.remove(id);
        return affected;
    }

    /** A hub's scored candidates from the first pass of {@link #rankEveryHub()}. */
    private record Scored(UUID[] others, double[] scores) {
    }

    /**
     * Ranks every hub from its candidates in two passes, each spread over the common fork-join pool (the caller
     * holds the only reference to the engine's mutable state meanwhile; workers only read): first each hub's candidates
     * and their pair scores, from which every hub's popularity follows (the mean of its best
     * {@code maxSuggestionsPerHub} scores); then each list is kept from those scores less the candidates'
     * popularity. Unlike ranking one hub after another, no list depends on the order hubs come in, and each pair
     * score is computed once for both passes. Returns every hub.
     */
    private Set<UUID> rankEveryHub() {
        List<UUID> everyone = hubs.keySet().stream().sorted().toList();
        stats.prepare(); // the lazily cached IDFs and rarities, computed before threads read them
        int chunk = Math.max(64, everyone.size() / (8 * Math.max(1, java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1)));
        List<List<UUID>> chunks = new ArrayList<>();
        for (int from = 0; from < everyone.size(); from += chunk) {
            chunks.add(everyone.subList(from, Math.min(everyone.size(), from + chunk)));
        }
        Map<UUID, Scored> scored = new java.util.concurrent.ConcurrentHashMap<>(everyone.size() * 2);
        chunks.parallelStream().forEach(part -> {
            Accumulator bounds = new Accumulator(new float[bySlot.length]);
            for (UUID hub : part) {
                HubFeatures self = hubs.get(hub);
                List<UUID> candidates = indexedCandidates(hub, bounds);
                UUID[] others = new UUID[candidates.size()];
                double[] scores = new double[candidates.size()];
                int n = 0;
                for (UUID other : candidates) {
                    if (!excluded.test(hub, other) && !excluded.test(other, hub)) {
                        others[n] = other;
                        scores[n++] = scorer.value(self, hubs.get(other), stats);
                    }
                }
                scored.put(hub, new Scored(Arrays.copyOf(others, n), Arrays.copyOf(scores, n)));
            }
        });
        popularity.clear();
        scored.forEach((hub, s) -> popularity.put(hub, meanOfBest(s.scores())));
        Map<UUID, List<Ranked>> kept = new java.util.concurrent.ConcurrentHashMap<>(everyone.size() * 2);
        chunks.parallelStream().forEach(part -> {
            for (UUID hub : part) {
                Scored s = scored.get(hub);
                List<Ranked> entries = new ArrayList<>(s.others().length);
                for (int i = 0; i < s.others().length; i++) {
                    entries.add(ranked(s.others()[i], s.scores()[i]));
                }
                kept.put(hub, keep(hub, entries));
            }
        });
        for (UUID hub : everyone) {
            setList(hub, kept.get(hub));
        }
        return new HashSet<>(everyone);
    }

    /** Re-ranks everything, for example after feedback changed the exclusions. */
    public Set<UUID> rescoreAll() {
        List<UUID> everyone = hubs.keySet().stream().sorted().toList();
        Map<UUID, double[]> scores = new HashMap<>();
        for (int i = 0; i < everyone.size(); i++) {
            scores.put(everyone.get(i), new double[everyone.size()]);
        }
        for (int i = 0; i < everyone.size(); i++) {
            HubFeatures first = hubs.get(everyone.get(i));
            for (int j = i + 1; j < everyone.size(); j++) {
                double value = scorer.value(first, hubs.get(everyone.get(j)), stats);
                scores.get(everyone.get(i))[j] = value;
                scores.get(everyone.get(j))[i] = value;
            }
        }
        popularity.clear();
        for (int i = 0; i < everyone.size(); i++) {
            double[] row = scores.get(everyone.get(i)).clone();
            row[i] = Double.NEGATIVE_INFINITY;
            popularity.put(everyone.get(i), meanOfBest(row));
        }
        Set<UUID> changed = new HashSet<>();
        for (int i = 0; i < everyone.size(); i++) {
            UUID hub = everyone.get(i);
            double[] row = scores.get(hub);
            List<Ranked> scored = new ArrayList<>();
            for (int j = 0; j < everyone.size(); j++) {
                UUID other = everyone.get(j);
                if (i != j && !excluded.test(hub, other) && !excluded.test(other, hub)) {
                    scored.add(ranked(other, row[j]));
                }
            }
            if (setList(hub, keep(hub, scored))) {
                changed.add(hub);
            }
        }
        return changed;
    }

    /** Mean of the {@code maxSuggestionsPerHub} largest finite values (summed largest first, so it is reproducible). */
    private double meanOfBest(double[] values) {
        double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int k = Math.min(model.maxSuggestionsPerHub(), sorted.length);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += sorted[sorted.length - 1 - i];
        }
        return k == 0 ? 0 : sum / k;
    }

    private Ranked ranked(UUID other, double score) {
        return new Ranked(other, score, score - model.exposureDebias() * popularity.getOrDefault(other, 0.0));
    }

    /** The score a hub's list orders {@code other} by (pair score less the popularity penalty). */
    public double rankScore(UUID hub, UUID other) {
        return ranked(other, score(hub, other)).rankScore();
    }

    /** The hub's suggestions, best first. */
    public List<Ranked> suggestionsFor(UUID hub) {
        return lists.getOrDefault(hub, List.of());
    }

    /** The hubs whose lists include {@code hub}. */
    public Set<UUID> listedBy(UUID hub) {
        return Collections.unmodifiableSet(listedBy.getOrDefault(hub, Set.of()));
    }

    public PairScore explain(UUID a, UUID b) {
        HubFeatures first = hubs.get(a), second = hubs.get(b);
        if (first == null || second == null) {
            throw new IllegalArgumentException("Both hubs must be known");
        }
        return scorer.score(first, second, stats);
    }

    public double score(UUID a, UUID b) {
        return scorer.value(hubs.get(a), hubs.get(b), stats);
    }

    /** The naive baseline the benchmark compares with: score every pair of the network again. */
    public long rescoreEveryPair() {
        List<HubFeatures> all = new ArrayList<>(hubs.values());
        long pairs = 0;
        double sink = 0;
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                sink += scorer.value(all.get(i), all.get(j), stats);
                pairs++;
            }
        }
        return sink < 0 ? -pairs : pairs;
    }

    private boolean exactMode() {
        return hubs.size() <= model.fullScanThreshold();
    }

    /**
     * Whether every list is re-ranked from every pair's current score after each change (small networks); otherwise
     * an entry keeps the score it was ranked with until one of its two hubs changes.
     */
    public boolean rescoresEveryPair() {
        return exactMode();
    }

    /** Scan mode, above the threshold, outside a rebuild: a change is scored against every other hub. */
    private boolean scanning() {
        return model.scansEveryHub() && !loading && !exactMode();
    }

    /**
     * The scan baseline for a batch (one change is a batch of one): each changed hub is scored against every other hub
     * once, its list ranked from all of them, and every other hub's list gets the batch's new entries. A list whose
     * entry for a changed hub got worse (a lower rank score, no longer qualifying, or gone) may now miss a hub it never
     * held, so it is ranked again from every hub; otherwise the new top is among its old entries and the new ones.
     *
     * @param owners hubs whose lists held a removed hub before the batch (to rank again); changed hubs' owners are
     *               found here
     */
    private void scanAround(Set<UUID> changed, Set<UUID> gone, Set<UUID> owners, Set<UUID> affected) {
        List<UUID> everyone = hubs.keySet().stream().sorted().toList();
        // owner -> (changed hub -> the owner's new entry for it)
        Map<UUID, Map<UUID, Ranked>> entries = new HashMap<>();
        for (UUID hub : changed.stream().sorted().toList()) {
            HubFeatures self = hubs.get(hub);
            Map<UUID, Double> scores = new HashMap<>();
            List<Ranked> scored = new ArrayList<>(everyone.size());
            for (UUID other : everyone) {
                if (other.equals(hub) || excludedPair(hub, other)) {
                    continue;
                }
                double value = scorer.value(self, hubs.get(other), stats); // once per pair: the score is symmetric
                scores.put(other, value);
                scored.add(ranked(other, value));
            }
            setList(hub, keep(hub, scored)); // its popularity first, so the entries below carry the new one
            scores.forEach((other, value) -> {
                if (!changed.contains(other)) {
                    entries.computeIfAbsent(other, k -> new HashMap<>()).put(hub, ranked(hub, value));
                }
            });
        }
        Set<UUID> rerank = new HashSet<>(owners);
        rerank.removeAll(changed);
        for (UUID owner : everyone) {
            if (changed.contains(owner)) {
                continue;
            }
            Map<UUID, Ranked> fresh = entries.getOrDefault(owner, Map.of());
            List<Ranked> merged = new ArrayList<>();
            boolean worse = rerank.contains(owner);
            for (Ranked old : lists.getOrDefault(owner, List.of())) {
                if (gone.contains(old.other())) {
                    worse = true;
                } else if (changed.contains(old.other())) {
                    Ranked now = fresh.get(old.other());
                    worse |= now == null || (old.score() >= model.minScore() && now.score() < model.minScore())
                            || now.rankScore() < old.rankScore() || !explainable(owner, old.other());
                } else {
                    merged.add(old);
                }
            }
            List<Ranked> list;
            if (worse) {
                list = rank(owner, everyone);
            } else {
                merged.addAll(fresh.values());
                list = keep(owner, merged);
            }
            if (setList(owner, list)) {
                affected.add(owner);
            }
        }
    }

    /** Ranks the hub's candidates: top {@code maxSuggestionsPerHub} above {@code minScore}, never fewer than the minimum. */
    private List<Ranked> rank(UUID hub, Collection<UUID> candidates) {
        HubFeatures self = hubs.get(hub);
        List<Ranked> scored = new ArrayList<>();
        for (UUID other : candidates) {
            if (!other.equals(hub) && !excluded.test(hub, other) && !excluded.test(other, hub)) {
                scored.add(ranked(other, scorer.value(self, hubs.get(other), stats)));
            }
        }
        return keep(hub, scored);
    }

    /**
     * Best first by rank score; the pair score decides who qualifies (at least the minimum number are kept, from the
     * partners that have common ground with the hub: a pair nothing explains is never suggested).
     */
    private List<Ranked> keep(UUID owner, List<Ranked> scored) {
        scored.sort(BEST_FIRST);
        List<Ranked> kept = new ArrayList<>(model.maxSuggestionsPerHub());
        // Rank order is not score order (the popularity penalty), so a partner that qualifies may rank below one
        // that does not: take those that qualify, then top up to the minimum with the best of the rest.
        for (Ranked ranked : scored) {
            if (kept.size() < model.maxSuggestionsPerHub() && ranked.score() >= model.minScore()
                    && explainable(owner, ranked.other())) {
                kept.add(ranked);
            }
        }
        for (Ranked ranked : scored) {
            if (kept.size() < Math.min(model.minSuggestionsPerHub(), model.maxSuggestionsPerHub())
                    && ranked.score() < model.minScore() && explainable(owner, ranked.other())) {
                kept.add(ranked);
            }
        }
        kept.sort(BEST_FIRST);
        return List.copyOf(kept);
    }

    private Set<UUID> rescoreAround(UUID changed) {
        List<UUID> candidates = candidates(changed);
        Set<UUID> affected = new HashSet<>();
        affected.add(changed);
        setList(changed, rank(changed, candidates));
        HubFeatures self = hubs.get(changed);
        Set<UUID> rescored = new HashSet<>(candidates);
        for (UUID other : candidates) {
            if (excluded.test(other, changed) || excluded.test(changed, other)) {
                continue;
            }
            if (patch(other, ranked(changed, scorer.value(hubs.get(other), self, stats)))) {
                affected.add(other);
            }
        }
        // Hubs that listed the old profile but are no longer among its candidates drop it; only a list that falls
        // below the minimum is re-ranked from its own candidates (the rest keep their other entries, still valid).
        for (UUID owner : List.copyOf(listedBy.getOrDefault(changed, Set.of()))) {
            if (!rescored.contains(owner)) {
                List<Ranked> kept = lists.get(owner).stream().filter(r -> !r.other().equals(changed)).toList();
                setList(owner, kept.size() >= model.minSuggestionsPerHub() ? kept : rank(owner, candidates(owner)));
                affected.add(owner);
            }
        }
        return affected;
    }

    /** Puts or moves one entry in a hub's list; returns whether the list changed. */
    private boolean patch(UUID owner, Ranked entry) {
        List<Ranked> current = lists.getOrDefault(owner, List.of());
        List<Ranked> list = new ArrayList<>(current.size() + 1);
        for (Ranked ranked : current) {
            if (!ranked.other().equals(entry.other())) {
                list.add(ranked);
            }
        }
        boolean qualifies = (entry.score() >= model.minScore() || list.size() < model.minSuggestionsPerHub())
                && explainable(owner, entry.other());
        if (qualifies) {
            list.add(entry);
            list.sort(BEST_FIRST);
        }
        while (list.size() > model.maxSuggestionsPerHub()) {
            list.remove(list.size() - 1);
        }
        return setList(owner, List.copyOf(list));
    }

    /** Replaces a hub's list and keeps the reverse index in step; returns whether the list changed. */
    private boolean setList(UUID owner, List<Ranked> list) {
        List<Ranked> previous = lists.put(owner, list);
        if (list.equals(previous)) {
            return false;
        }
        if (previous != null) {
            for (Ranked ranked : previous) {
                Set<UUID> owners = listedBy.get(ranked.other());
                if (owners != null) {
                    owners.remove(owner);
                }
            }
        }
        for (Ranked ranked : list) {
            listedBy.computeIfAbsent(ranked.other(), k -> new HashSet<>()).add(owner);
        }
        if (!exactMode()) {
            popularity.put(owner, list.stream().mapToDouble(Ranked::score).average().orElse(0));
        }
        return true;
    }

    /**
     * Hubs worth scoring against {@code hub}: everyone in exact and scan mode; otherwise the best {@code candidateLimit} hubs by
     * a cheap bound accumulated over the posting lists it shares (complementary needs and capabilities, priorities,
     * industries), each weighted like its factor. Topics listed by more than {@code commonTopicFraction} of the
     * network are skipped: their rarity weight is near zero.
     */
    public List<UUID> candidates(UUID hub) {
        if (exactMode() || scanning()) {
            return new ArrayList<>(hubs.keySet());
        }
        return indexedCandidates(hub, new Accumulator(bound));
    }

    private List<UUID> indexedCandidates(UUID hub, Accumulator bounds) {
        HubFeatures self = hubs.get(hub);
        int common = (int) Math.max(2, model.commonTopicFraction() * hubs.size());
        bounds.add(self.needs().keySet(), capabilityIndex, common, model.complementarityWeight(), true);
        bounds.add(self.capabilities().keySet(), needIndex, common, model.complementarityWeight(), true);
        bounds.add(self.priorities(), priorityIndex, common, model.sharedPrioritiesWeight(), true);
        bounds.add(self.industries(), industryIndex, common, model.industryWeight(), false);
        return bounds.best(slots.get(hub), model.candidateLimit());
    }

    /**
     * Sums per-slot bounds in a float array (the engine's, or a bulk ranking worker's own), remembering which slots it
     * touched so it can reset them.
     */
    private final class Accumulator {
        private final float[] bound;
        private int[] touched = new int[256];
        private final BitSet seen = new BitSet();
        private int count;

        Accumulator(float[] bound) {
            this.bound = bound;
        }

        void add(Set<String> keys, Map<String, BitSet> index, int common, double weight, boolean rarityWeighted) {
            for (String key : keys) {
                BitSet postings = index.get(key);
                if (postings == null || postings.cardinality() > common) {
                    continue;
                }
                float w = (float) (weight * (rarityWeighted ? stats.topicRarity(key) : 1.0));
                for (int slot = postings.nextSetBit(0); slot >= 0; slot = postings.nextSetBit(slot + 1)) {
                    if (!seen.get(slot)) { // not "bound == 0": a zero-weight factor would list the slot again
                        seen.set(slot);
                        if (count == touched.length) {
                            touched = Arrays.copyOf(touched, count * 2);
                        }
                        touched[count++] = slot;
                    }
                    bound[slot] += w;
                }
            }
        }

        /**
         * The ids of the {@code limit} best slots other than {@code self}; leaves the bound array zeroed. Equal bounds
         * are ordered by a key of the hub's id, so the candidates do not depend on the order hubs were indexed in
         * (their slots). A min-heap of slots on primitive comparisons: this runs for every slot a hub's topics touch.
         */
        List<UUID> best(int self, int limit) {
            int[] heap = new int[Math.max(0, Math.min(limit, count))];
            int size = 0;
            for (int i = 0; i < count; i++) {
                int slot = touched[i];
                if (slot == self || heap.length == 0) {
                    continue;
                }
                if (size < heap.length) {
                    heap[size] = slot;
                    siftUp(heap, size++);
                } else if (stronger(slot, heap[0])) {
                    heap[0] = slot;
                    siftDown(heap, size);
                }
            }
            List<UUID> result = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                result.add(bySlot[heap[i]].id());
            }
            for (int i = 0; i < count; i++) {
                bound[touched[i]] = 0;
            }
            return result;
        }

        private boolean stronger(int a, int b) {
            float x = bound[a], y = bound[b];
            return x > y || (x == y && tiebreak[a] < tiebreak[b]);
        }

        /** The weakest slot at the root. */
        private void siftUp(int[] heap, int at) {
            int slot = heap[at];
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!stronger(heap[parent], slot)) {
                    break;
                }
                heap[at] = heap[parent];
                at = parent;
            }
            heap[at] = slot;
        }

        private void siftDown(int[] heap, int size) {
            int at = 0, slot = heap[0];
            while (true) {
                int child = 2 * at + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && stronger(heap[child], heap[child + 1])) {
                    child++;
                }
                if (!stronger(slot, heap[child])) {
                    break;
                }
                heap[at] = heap[child];
                at = child;
            }
            heap[at] = slot;
        }
    }

    private void index(HubFeatures hub) {
        stats.add(hub);
        int slot = slots.computeIfAbsent(hub.id(), id -> freeSlots.isEmpty() ? slots.size() : freeSlots.pop());
        if (slot >= bySlot.length) {
            int capacity = Math.max(slot + 1, bySlot.length * 2);
            bySlot = Arrays.copyOf(bySlot, capacity);
            bound = Arrays.copyOf(bound, capacity);
            tiebreak = Arrays.copyOf(tiebreak, capacity);
        }
        bySlot[slot] = hub;
        tiebreak[slot] = hub.id().getMostSignificantBits() ^ hub.id().getLeastSignificantBits();
        hub.needs().keySet().forEach(t -> needIndex.computeIfAbsent(t, k -> new BitSet()).set(slot));
        hub.capabilities().keySet().forEach(t -> capabilityIndex.computeIfAbsent(t, k -> new BitSet()).set(slot));
        hub.priorities().forEach(t -> priorityIndex.computeIfAbsent(t, k -> new BitSet()).set(slot));
        hub.industries().forEach(t -> industryIndex.computeIfAbsent(t, k -> new BitSet()).set(slot));
    }

    private void unindex(HubFeatures hub) {
        stats.remove(hub);
        Integer slot = slots.get(hub.id());
        hub.needs().keySet().forEach(t -> clear(needIndex, t, slot));
        hub.capabilities().keySet().forEach(t -> clear(capabilityIndex, t, slot));
        hub.priorities().forEach(t -> clear(priorityIndex, t, slot));
        hub.industries().forEach(t -> clear(industryIndex, t, slot));
        if (!hubs.containsKey(hub.id())) {
            slots.remove(hub.id());
            bySlot[slot] = null;
            freeSlots.push(slot);
        }
    }

    private static void clear(Map<String, BitSet> index, String key, int slot) {
        BitSet postings = index.get(key);
        if (postings != null) {
            postings.clear(slot);
            if (postings.isEmpty()) {
                index.remove(key);
            }
        }
    }
}
