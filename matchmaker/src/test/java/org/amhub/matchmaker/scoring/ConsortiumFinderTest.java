package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.amhub.matchmaker.scoring.IncrementalEngineTest.withThreshold;
import static org.assertj.core.api.Assertions.assertThat;

class ConsortiumFinderTest {

    static final List<String> TOPICS = List.of("additive-manufacturing", "robotics", "semiconductors", "hydrogen-mobility",
            "agri-food", "aerospace", "shipbuilding", "data-spaces", "5g", "metrology", "textiles", "automotive");

    /** A random network where every topic is shared by far more hubs than a consortium holds. */
    static List<HubProfile> network(int size, long seed) {
        Random random = new Random(seed);
        List<HubProfile> hubs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Profiles hub = Profiles.hub("member-" + seed + "-" + i).in("Country " + random.nextInt(20), "Region " + random.nextInt(4))
                    .industries(TOPICS.get(random.nextInt(TOPICS.size())));
            for (int k = 0; k < 2; k++) {
                hub.offers(TOPICS.get(random.nextInt(TOPICS.size())), "offer " + random.nextInt(50));
                hub.seeks(TOPICS.get(random.nextInt(TOPICS.size())), "need " + random.nextInt(50));
                hub.priority(TOPICS.get(random.nextInt(TOPICS.size())));
            }
            hubs.add(hub.build());
        }
        return hubs;
    }

    static Map<String, Consortium> consortia(ScoringModel model, List<HubProfile> network) {
        MatchEngine engine = new MatchEngine(model, Taxonomy.standard());
        network.forEach(engine::upsert);
        return new ConsortiumFinder(engine, Taxonomy.standard()).find().stream()
                .collect(Collectors.toMap(c -> c.kind() + ":" + c.topics().get(0), Function.identity(), (x, y) -> x));
    }

    @Test
    void inALargeNetworkGroupsComeFromTheSuggestionListsAndStayAsCohesiveAsTheExhaustiveSearch() {
        List<HubProfile> network = network(120, 7);
        Map<String, Consortium> exhaustive = consortia(withThreshold(ScoringModel.defaults(), 200), network);
        Map<String, Consortium> fromLists = consortia(withThreshold(ScoringModel.defaults(), 0), network);

        assertThat(fromLists).isNotEmpty();
        assertThat(fromLists.values()).allSatisfy(c -> assertThat(c.members()).hasSize(ScoringModel.defaults().maxConsortiumSize()));
        double exhaustiveCohesion = 0, listCohesion = 0;
        int compared = 0;
        for (Map.Entry<String, Consortium> entry : fromLists.entrySet()) {
            Consortium reference = exhaustive.get(entry.getKey());
            if (reference != null) {
                exhaustiveCohesion += reference.cohesion();
                listCohesion += entry.getValue().cohesion();
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(3);
        System.out.printf("cohesion over %d consortia: exhaustive %.3f, from lists %.3f%n", compared,
                exhaustiveCohesion / compared, listCohesion / compared);
        assertThat(listCohesion / compared).isGreaterThanOrEqualTo(0.85 * exhaustiveCohesion / compared);
    }
}
