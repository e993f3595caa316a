package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Finds groups of three or more hubs with a shared goal: hubs of one funding bloc with joint programmes (a joint bid),
 * and hubs around one topic where at least one member offers what others seek or pursue. Members are chosen greedily
 * for cohesion (the mean of their pairwise scores), so a group is made of hubs that also fit each other, and every
 * kind of group is ranked on that one scale.
 */
public final class ConsortiumFinder {

    private final MatchEngine engine;
    private final Taxonomy taxonomy;

    public ConsortiumFinder(MatchEngine engine, Taxonomy taxonomy) {
        this.engine = engine;
        this.taxonomy = taxonomy;
    }

    public List<Consortium> find() {
        ScoringModel model = engine.model();
        List<Consortium> found = new ArrayList<>();
        Map<String, List<UUID>> byBloc = new LinkedHashMap<>();
        Map<String, List<UUID>> byTopic = new LinkedHashMap<>();
        for (HubFeatures hub : engine.hubs()) {
            hub.blocs().forEach(bloc -> byBloc.computeIfAbsent(bloc, k -> new ArrayList<>()).add(hub.id()));
            hub.allTopics().forEach(topic -> byTopic.computeIfAbsent(topic, k -> new ArrayList<>()).add(hub.id()));
        }
        byBloc.forEach((bloc, members) -> {
            if (members.size() >= 3) {
                List<UUID> group = cohesive(members, model.maxConsortiumSize());
                List<String> topics = sharedTopics(group);
                List<String> reasons = new ArrayList<>();
                reasons.add(names(group) + " are all in the " + bloc + " and can bid together for "
                        + String.join(", ", model.fundingBlocs().programmes(bloc)) + ".");
                if (!topics.isEmpty()) {
                    reasons.add("Common ground: " + topics.stream().limit(4).map(taxonomy::label).collect(Collectors.joining(", ")) + ".");
                }
                double cohesion = cohesion(group);
                found.add(new Consortium(id("bloc:" + bloc, group), "funding-bloc", "Joint bid for " + bloc + " funding",
                        group, topics, PairScorer.round(cohesion), PairScorer.round(cohesion), reasons));
            }
        });
        byTopic.forEach((topic, hubs) -> {
            List<UUID> offerers = hubs.stream().filter(h -> engine.features(h).capabilities().containsKey(topic)).toList();
            List<UUID> seekers = hubs.stream().filter(h -> engine.features(h).needs().containsKey(topic)).toList();
            if (hubs.size() < 3 || offerers.isEmpty() || seekers.isEmpty()) {
                return;
            }
            List<UUID> group = cohesive(hubs, model.maxConsortiumSize());
            if (group.stream().noneMatch(offerers::contains) || group.stream().noneMatch(seekers::contains)) {
                return;
            }
            double cohesion = cohesion(group);
            String label = taxonomy.label(topic);
            List<String> reasons = List.of(
                    names(group.stream().filter(offerers::contains).toList()) + " offer " + label + "; "
                            + names(group.stream().filter(seekers::contains).toList()) + " seek it.",
                    "Members also fit each other: mean pairwise score " + String.format("%.2f", cohesion) + ".");
            found.add(new Consortium(id("topic:" + topic, group), "topic", "Joint programme on " + label, group,
                    List.of(topic), PairScorer.round(cohesion), PairScorer.round(cohesion), reasons));
        });
        // One scale for every kind: the members' cohesion. A group found for several reasons is listed once.
        Set<Set<UUID>> seen = new HashSet<>();
        return found.stream()
                .sorted(Comparator.comparingDouble(Consortium::score).reversed().thenComparing(Consortium::id))
                .filter(consortium -> seen.add(Set.copyOf(consortium.members())))
                .limit(model.maxConsortia())
                .toList();
    }

    /**
     * Greedy: start from the best pair, add whoever raises the group's mean pairwise score most. Up to
     * {@code fullScanThreshold} members every pair is tried; in a larger pool the seed and the newcomers come from the
     * members' own suggestion lists, so the cost follows the list length instead of the pool's square.
     */
    private List<UUID> cohesive(List<UUID> pool, int maxSize) {
        if (pool.size() <= maxSize) {
            return sorted(pool);
        }
        boolean exhaustive = pool.size() <= engine.model().fullScanThreshold();
        Set<UUID> inPool = new HashSet<>(pool);
        UUID[] seed = exhaustive ? bestPair(pool) : bestListedPair(pool, inPool);
        if (seed == null) {
            seed = bestPair(pool.stream().sorted().limit(engine.model().fullScanThreshold()).toList());
        }
        List<UUID> group = new ArrayList<>(List.of(seed[0], seed[1]));
        while (group.size() < maxSize) {
            Collection<UUID> candidates = exhaustive ? pool : listedNeighbours(group, inPool);
            UUID next = null;
            double nextScore = -1;
            for (UUID candidate : candidates) {
                if (group.contains(candidate)) {
                    continue;
                }
                double s = group.stream().mapToDouble(m -> engine.score(m, candidate)).average().orElse(0);
                if (s > nextScore) {
                    nextScore = s;
                    next = candidate;
                }
            }
            if (next == null) {
                break; // a large pool whose members list nobody else in it: the group stays smaller
            }
            group.add(next);
        }
        return sorted(group);
    }

    private UUID[] bestPair(List<UUID> pool) {
        UUID[] best = null;
        double bestScore = -1;
        for (int i = 0; i < pool.size(); i++) {
            for (int j = i + 1; j < pool.size(); j++) {
                double s = engine.score(pool.get(i), pool.get(j));
                if (s > bestScore) {
                    bestScore = s;
                    best = new UUID[]{pool.get(i), pool.get(j)};
                }
            }
        }
        return best;
    }

    private UUID[] bestListedPair(List<UUID> pool, Set<UUID> inPool) {
        UUID[] best = null;
        double bestScore = -1;
        for (UUID member : pool) {
            for (MatchEngine.Ranked entry : engine.suggestionsFor(member)) {
                if (inPool.contains(entry.other()) && entry.score() > bestScore) {
                    bestScore = entry.score();
                    best = new UUID[]{member, entry.other()};
                }
            }
        }
        return best;
    }

    private Set<UUID> listedNeighbours(List<UUID> group, Set<UUID> inPool) {
        Set<UUID> neighbours = new LinkedHashSet<>();
        for (UUID member : group) {
            engine.suggestionsFor(member).stream().map(MatchEngine.Ranked::other).filter(inPool::contains).forEach(neighbours::add);
            engine.listedBy(member).stream().filter(inPool::contains).forEach(neighbours::add);
        }
        return neighbours;
    }

    private List<UUID> sorted(List<UUID> members) {
        return members.stream().sorted(Comparator.comparing(m -> engine.features(m).name())).toList();
    }

    private double cohesion(List<UUID> group) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < group.size(); i++) {
            for (int j = i + 1; j < group.size(); j++) {
                sum += engine.score(group.get(i), group.get(j));
                pairs++;
            }
        }
        return pairs == 0 ? 0 : sum / pairs;
    }

    private List<String> sharedTopics(List<UUID> group) {
        Set<String> shared = null;
        for (UUID member : group) {
            Set<String> topics = new HashSet<>(engine.features(member).allTopics());
            if (shared == null) {
                shared = topics;
            } else {
                shared.retainAll(topics);
            }
        }
        return shared == null ? List.of() : shared.stream()
                .sorted(Comparator.comparingDouble(t -> -engine.stats().topicRarity(t))).toList();
    }

    private String names(List<UUID> members) {
        List<String> names = members.stream().map(m -> engine.features(m).name()).toList();
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static String id(String key, List<UUID> members) {
        String joined = key + "|" + members.stream().map(UUID::toString).sorted().collect(Collectors.joining(","));
        return UUID.nameUUIDFromBytes(joined.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
