package org.amhub.matchmaker.evaluation;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.TopicClaim;
import org.amhub.matchmaker.scoring.MatchEngine;
import org.amhub.matchmaker.scoring.ScoringModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties any fair matchmaker has, checked on the seed network: names, order and duplicates change nothing. */
class RobustnessTest {

    static List<HubProfile> seed() throws Exception {
        return HubDataset.read(SeedEvaluationTest.ROOT.resolve("hub-registry/src/main/resources/seed/hubs.json"));
    }

    static MatchEngine engineOf(List<HubProfile> hubs) {
        MatchEngine engine = new MatchEngine(ScoringModel.defaults(), Taxonomy.standard());
        hubs.forEach(engine::upsert);
        return engine;
    }

    static Map<UUID, List<UUID>> lists(MatchEngine engine, List<HubProfile> hubs) {
        Map<UUID, List<UUID>> lists = new LinkedHashMap<>();
        for (HubProfile hub : hubs) {
            lists.put(hub.id(), engine.suggestionsFor(hub.id()).stream().map(MatchEngine.Ranked::other).toList());
        }
        return lists;
    }

    static HubProfile renamed(HubProfile h, String slug, String name) {
        return new HubProfile(h.id(), slug, name, h.country(), h.region(), h.hostEntities(), h.contactEmail(),
                h.population(), h.topIndustries(), h.workforceInManufacturingPct(), h.manufacturingShareOfGdpPct(),
                h.status(), h.priorities(), h.capabilities(), h.needs(), h.programmes(), h.version(), h.createdAt(),
                h.updatedAt());
    }

    static HubProfile copyOf(HubProfile h, String slug, String name) {
        HubProfile copy = renamed(h, slug, name);
        return new HubProfile(UUID.nameUUIDFromBytes(slug.getBytes()), copy.slug(), copy.name(), copy.country(),
                copy.region(), copy.hostEntities(), copy.contactEmail(), copy.population(), copy.topIndustries(),
                copy.workforceInManufacturingPct(), copy.manufacturingShareOfGdpPct(), copy.status(), copy.priorities(),
                copy.capabilities(), copy.needs(), copy.programmes(), copy.version(), copy.createdAt(), copy.updatedAt());
    }

    @Test
    void renamingEveryHubChangesNoList() throws Exception {
        List<HubProfile> hubs = seed();
        List<HubProfile> renamed = new ArrayList<>();
        for (int i = 0; i < hubs.size(); i++) {
            renamed.add(renamed(hubs.get(i), "hub-" + (char) ('z' - i), "Region " + (i * 7 % 13)));
        }
        assertThat(lists(engineOf(renamed), renamed)).isEqualTo(lists(engineOf(hubs), hubs));
    }

    @Test
    void theOrderProfilesArriveInChangesNoList() throws Exception {
        List<HubProfile> hubs = seed();
        Map<UUID, List<UUID>> expected = lists(engineOf(hubs), hubs);
        for (long seed = 1; seed <= 5; seed++) {
            List<HubProfile> shuffled = new ArrayList<>(hubs);
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(lists(engineOf(shuffled), hubs)).as("arrival order %d", seed).isEqualTo(expected);
        }
        MatchEngine loaded = new MatchEngine(ScoringModel.defaults(), Taxonomy.standard());
        loaded.load(hubs);
        assertThat(lists(loaded, hubs)).as("bulk load").isEqualTo(expected);
    }

    @Test
    void aHubRegisteredTwiceUnderTwoNamesGetsTheSamePartners() throws Exception {
        List<HubProfile> hubs = new ArrayList<>(seed());
        for (HubProfile original : List.copyOf(hubs)) {
            List<HubProfile> network = new ArrayList<>(hubs);
            HubProfile twin = copyOf(original, original.slug() + "-twin", "Twin of " + original.name());
            network.add(twin);
            MatchEngine engine = engineOf(network);
            List<UUID> first = engine.suggestionsFor(original.id()).stream().map(MatchEngine.Ranked::other)
                    .filter(other -> !other.equals(twin.id())).toList();
            List<UUID> second = engine.suggestionsFor(twin.id()).stream().map(MatchEngine.Ranked::other)
                    .filter(other -> !other.equals(original.id())).toList();
            assertThat(second).as(original.slug()).isEqualTo(first);
        }
    }

    @Test
    void everyHubHoweverThinGetsPartnersWithReasonsAndNoneWithout() throws Exception {
        List<HubProfile> hubs = new ArrayList<>(seed());
        HubProfile template = hubs.get(0);
        List<HubProfile> grounded = List.of(
                thin(template, "one-priority", List.of("Automotive", "Electronics"),
                        List.of(new TopicClaim("robotics", "Robotics for small firms", null)), List.of()),
                thin(template, "one-need", List.of(),
                        List.of(), List.of(new TopicClaim(null, "help with additive manufacturing", null))));
        HubProfile nameOnly = thin(template, "name-only", List.of(), List.of(), List.of());
        HubProfile offTheMap = thin(template, "off-the-map", List.of("Glassblowing"), List.of(),
                List.of(new TopicClaim(null, "quilted ornaments for tourists", null)));
        hubs.addAll(grounded);
        hubs.addAll(List.of(nameOnly, offTheMap));
        MatchEngine engine = engineOf(hubs);
        for (HubProfile hub : grounded) {
            assertThat(engine.suggestionsFor(hub.id())).as(hub.slug())
                    .hasSizeGreaterThanOrEqualTo(ScoringModel.defaults().minSuggestionsPerHub());
        }
        // Nothing in common with anyone: no partner at all, rather than partners nothing explains.
        assertThat(engine.suggestionsFor(nameOnly.id())).isEmpty();
        assertThat(engine.listedBy(nameOnly.id())).isEmpty();
        for (HubProfile hub : hubs) {
            for (MatchEngine.Ranked entry : engine.suggestionsFor(hub.id())) {
                assertThat(engine.explain(hub.id(), entry.other()).reasons())
                        .as("%s's suggestion %s", hub.slug(), engine.features(entry.other()).slug()).isNotEmpty();
            }
        }
    }

    static HubProfile thin(HubProfile t, String slug, List<String> industries,
                           List<TopicClaim> priorities, List<TopicClaim> needs) {
        return new HubProfile(UUID.nameUUIDFromBytes(slug.getBytes()), slug, "Hub " + slug, "Nowhereland", "Somewhere",
                List.of(), null, null, industries, null, null, t.status(), priorities, List.of(), needs, List.of(), 1,
                t.createdAt(), t.updatedAt());
    }
}
