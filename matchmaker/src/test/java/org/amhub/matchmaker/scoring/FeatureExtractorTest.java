package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.Programme;
import org.amhub.events.hub.TopicClaim;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.amhub.matchmaker.scoring.Profiles.hub;
import static org.assertj.core.api.Assertions.assertThat;

class FeatureExtractorTest {

    final FeatureExtractor extractor = new FeatureExtractor(Taxonomy.standard(),
            Models.lexical().blocs(FundingBlocsTest.NORDIC).build());

    @Test
    void industriesTheTaxonomyKnowsTakeItsIdsOthersAreSplitAndLowerCased() {
        assertThat(extractor.industries(List.of("Aeronautics"))).containsExactly("aerospace");
        assertThat(extractor.industries(List.of("Textiles & Board Games", "/ Toys", "Pens, Paper and Automotive")))
                .containsExactly("textiles", "board games", "toys", "pens", "paper", "automotive");
        assertThat(extractor.industries(List.of())).isEmpty();
    }

    @Test
    void aClaimWithAnUnknownTopicGoesOnTheTopicItsTextNamesOrIsDropped() {
        HubFeatures features = extractor.extract(hub("a").seeks("widgets", "partners in additive manufacturing")
                .seeks("gadgets", "somebody nice").offers("3D printing", "printers").build());
        assertThat(features.needs()).containsOnlyKeys("additive-manufacturing");
        assertThat(features.needs().get("additive-manufacturing")).extracting(TopicClaim::text)
                .containsExactly("partners in additive manufacturing");
        assertThat(features.capabilities()).containsOnlyKeys("additive-manufacturing");
    }

    @Test
    void programmeTopicsArePrioritiesWithoutClaims() {
        HubFeatures features = extractor.extract(hub("a").priority("textiles").programme("Chip Academy", "semiconductors", "nonsense").build());
        assertThat(features.priorities()).containsExactly("textiles", "semiconductors");
        assertThat(features.priorityClaims()).containsOnlyKeys("textiles");
        assertThat(features.allTopics()).containsExactlyInAnyOrder("textiles", "semiconductors");
    }

    @Test
    void theProfileTextIsEveryClaimAndProgrammeStemmedWithoutStopWords() {
        HubProfile base = hub("a").priority("textiles").offers("robotics", "Printed grippers").seeks("metals", "x rays").build();
        HubProfile profile = new HubProfile(base.id(), base.slug(), base.name(), "Norway", "North", base.hostEntities(),
                null, null, List.of(), null, null, HubStatus.ACTIVE, base.priorities(), base.capabilities(), base.needs(),
                List.of(new Programme("Loom Lab", "weaving pilots", List.of(), null), new Programme("Quiet", null, List.of(), null)),
                1, Instant.EPOCH, Instant.EPOCH);
        HubFeatures features = extractor.extract(profile);
        assertThat(features.termCounts()).containsKeys("work", "textil", "print", "gripper", "rai", "loom", "lab", "weav", "pilot", "quiet");
        assertThat(features.termCounts()).doesNotContainKeys("on", "x", "null");
        assertThat(features.terms(features.capabilities().get("robotics-automation").get(0))).containsOnlyKeys("print", "gripper");
        assertThat(features.terms(new TopicClaim("metals", "unknown claim", null))).isEmpty();
        assertThat(features.blocs()).containsExactly("Nordic Fund", "Arctic Council");
        assertThat(features.claimVectors()).isEmpty(); // lexical model: no embeddings
    }

    @Test
    void repeatedWordsAreCounted() {
        assertThat(extractor.terms("printing printers print")).containsEntry("print", 2).containsEntry("printer", 1);
    }
}
