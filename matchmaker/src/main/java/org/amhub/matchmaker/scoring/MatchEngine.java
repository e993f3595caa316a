package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
 * profile against candidates from inverted indexes over needs, capabilities, priorities and industries, and patch the
 * lists of the hubs it touches: cost grows with the candidates, not with N².
 * Not thread-safe: the service serialises updates.
 */
public final class MatchEngine {

    /** One entry of a hub's list. */
    public record Ranked(UUID other, double score) {
    }

    private static final Comparator<Ranked> BEST_FIRST = Comparator.comparingDouble(Ranked::score).reversed()
            .thenComparing(Ranked::other);

    private final ScoringModel model;
    private final FeatureExtractor extractor;
    private final PairScorer scorer;
    private final NetworkStats stats = new NetworkStats();
    private final Map<UUID, HubFeatures> hubs = new HashMap<>();
    private final Map<String, Set<UUID>> needIndex = new HashMap<>();
    private final Map<String, Set<UUID>> capabilityIndex = new HashMap<>();
    private final Map<String, Set<UUID>> priorityIndex = new HashMap<>();
    private final Map<String, Set<UUID>> industryIndex = new HashMap<>();
    private final Map<UUID, List<Ranked>> lists = new HashMap<>();
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

    public HubFeatures features(UUID id) {
        return hubs.get(id);
    }

    public NetworkStats stats() {
        return stats;
    }

    /** Adds or replaces a profile; returns the hubs whose lists may have changed. */
    public Set<UUID> upsert(HubProfile profile) {
        HubFeatures features = extractor.extract(profile);
        HubFeatures previous = hubs.put(features.id(), features);
        if (previous != null) {
            unindex(previous);
        }
        index(features);
        if (exactMode()) {
            return rescoreAll();
        }
        return rescoreAround(features.id(), previous);
    }

    /** Removes a hub (tombstone); returns the hubs whose lists may have changed, the removed one included. */
    public Set<UUID> remove(UUID id) {
        HubFeatures previous = hubs.remove(id);
        if (previous == null) {
            return Set.of();
        }
        unindex(previous);
        lists.remove(id);
        if (exactMode()) {
            Set<UUID> affected = rescoreAll();
            affected.add(id);
            return affected;
        }
        Set<UUID> affected = new HashSet<>();
        affected.add(id);
        for (Map.Entry<UUID, List<Ranked>> entry : lists.entrySet()) {
            if (lists(entry.getValue(), id)) {
                affected.add(entry.getKey());
            }
        }
        affected.stream().filter(hubs::containsKey).forEach(h -> lists.put(h, rank(h, candidates(h))));
        return affected;
    }

    /** Re-ranks everything, for example after feedback changed the exclusions. */
    public Set<UUID> rescoreAll() {
        Set<UUID> changed = new HashSet<>();
        Set<UUID> everyone = hubs.keySet();
        for (UUID hub : everyone) {
            List<Ranked> ranked = rank(hub, everyone);
            if (!ranked.equals(lists.put(hub, ranked))) {
                changed.add(hub);
            }
        }
        return changed;
    }

    /** The hub's suggestions, best first. */
    public List<Ranked> suggestionsFor(UUID hub) {
        return lists.getOrDefault(hub, List.of());
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

    /** Ranks the hub's candidates: top {@code maxSuggestionsPerHub} above {@code minScore}, never fewer than the minimum. */
    private List<Ranked> rank(UUID hub, Collection<UUID> candidates) {
        HubFeatures self = hubs.get(hub);
        List<Ranked> scored = new ArrayList<>();
        for (UUID other : candidates) {
            if (!other.equals(hub) && !excluded.test(hub, other) && !excluded.test(other, hub)) {
                scored.add(new Ranked(other, scorer.value(self, hubs.get(other), stats)));
            }
        }
        scored.sort(BEST_FIRST);
        List<Ranked> kept = new ArrayList<>(model.maxSuggestionsPerHub());
        for (Ranked ranked : scored) {
            boolean starved = kept.size() < model.minSuggestionsPerHub();
            if (kept.size() >= model.maxSuggestionsPerHub() || (!starved && ranked.score() < model.minScore())) {
                break;
            }
            kept.add(ranked);
        }
        return List.copyOf(kept);
    }

    private Set<UUID> rescoreAround(UUID changed, HubFeatures previous) {
        Set<UUID> candidates = candidates(changed);
        Set<UUID> affected = new HashSet<>();
        affected.add(changed);
        lists.put(changed, rank(changed, candidates));
        HubFeatures self = hubs.get(changed);
        for (UUID other : candidates) {
            if (other.equals(changed) || excluded.test(other, changed) || excluded.test(changed, other)) {
                continue;
            }
            double score = scorer.value(hubs.get(other), self, stats);
            if (patch(other, new Ranked(changed, score))) {
                affected.add(other);
            }
        }
        if (previous != null) {
            // Hubs that listed the old profile but are no longer candidates lose it and are re-ranked.
            for (Map.Entry<UUID, List<Ranked>> entry : lists.entrySet()) {
                UUID owner = entry.getKey();
                if (!candidates.contains(owner) && !owner.equals(changed) && lists(entry.getValue(), changed)) {
                    lists.put(owner, rank(owner, candidates(owner)));
                    affected.add(owner);
                }
            }
        }
        return affected;
    }

    private static boolean lists(List<Ranked> list, UUID hub) {
        for (Ranked ranked : list) {
            if (ranked.other().equals(hub)) {
                return true;
            }
        }
        return false;
    }

    /** Puts or moves one entry in a hub's list; returns whether the list changed. */
    private boolean patch(UUID owner, Ranked entry) {
        List<Ranked> list = new ArrayList<>(lists.getOrDefault(owner, List.of()));
        boolean removed = list.removeIf(r -> r.other().equals(entry.other()));
        boolean qualifies = entry.score() >= model.minScore() || list.size() < model.minSuggestionsPerHub();
        if (qualifies) {
            list.add(entry);
            list.sort(BEST_FIRST);
        }
        while (list.size() > model.maxSuggestionsPerHub()) {
            list.remove(list.size() - 1);
        }
        boolean changed = removed || list.contains(entry);
        if (changed) {
            lists.put(owner, List.copyOf(list));
        }
        return changed;
    }

    /** Hubs worth scoring against {@code hub}: everyone in exact mode, index hits otherwise. */
    public Set<UUID> candidates(UUID hub) {
        if (exactMode()) {
            return hubs.keySet();
        }
        HubFeatures self = hubs.get(hub);
        int common = (int) Math.max(2, model.commonTopicFraction() * hubs.size());
        Set<UUID> result = new LinkedHashSet<>();
        collect(self.needs().keySet(), capabilityIndex, common, result);
        collect(self.capabilities().keySet(), needIndex, common, result);
        collect(self.priorities(), priorityIndex, common, result);
        collect(self.industries(), industryIndex, common, result);
        result.remove(hub);
        return result;
    }

    private static void collect(Set<String> keys, Map<String, Set<UUID>> index, int common, Set<UUID> into) {
        for (String key : keys) {
            Set<UUID> postings = index.get(key);
            if (postings != null && postings.size() <= common) {
                into.addAll(postings);
            }
        }
    }

    private void index(HubFeatures hub) {
        stats.add(hub);
        hub.needs().keySet().forEach(t -> needIndex.computeIfAbsent(t, k -> new HashSet<>()).add(hub.id()));
        hub.capabilities().keySet().forEach(t -> capabilityIndex.computeIfAbsent(t, k -> new HashSet<>()).add(hub.id()));
        hub.priorities().forEach(t -> priorityIndex.computeIfAbsent(t, k -> new HashSet<>()).add(hub.id()));
        hub.industries().forEach(t -> industryIndex.computeIfAbsent(t, k -> new HashSet<>()).add(hub.id()));
    }

    private void unindex(HubFeatures hub) {
        stats.remove(hub);
        hub.needs().keySet().forEach(t -> removePosting(needIndex, t, hub.id()));
        hub.capabilities().keySet().forEach(t -> removePosting(capabilityIndex, t, hub.id()));
        hub.priorities().forEach(t -> removePosting(priorityIndex, t, hub.id()));
        hub.industries().forEach(t -> removePosting(industryIndex, t, hub.id()));
    }

    private static void removePosting(Map<String, Set<UUID>> index, String key, UUID id) {
        Set<UUID> postings = index.get(key);
        if (postings != null && postings.remove(id) && postings.isEmpty()) {
            index.remove(key);
        }
    }
}
