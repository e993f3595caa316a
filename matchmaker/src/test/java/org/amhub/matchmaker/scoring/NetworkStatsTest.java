package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.junit.jupiter.api.Test;

import static org.amhub.matchmaker.scoring.Profiles.hub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NetworkStatsTest {

    final FeatureExtractor extractor = new FeatureExtractor(Taxonomy.standard(), Models.lexical().build());
    final HubFeatures a = extractor.extract(hub("a").priority("skills").priority("semiconductors").offers("textiles", "quokka looms").build());
    final HubFeatures b = extractor.extract(hub("b").priority("skills").seeks("textiles", "quokka zebra").build());
    final HubFeatures c = extractor.extract(hub("c").priority("skills").offers("metals", "steel").build());
    final HubFeatures d = extractor.extract(hub("d").priority("skills").build());

    NetworkStats of(HubFeatures... hubs) {
        NetworkStats stats = new NetworkStats();
        for (HubFeatures hub : hubs) {
            stats.add(hub);
        }
        return stats;
    }

    @Test
    void aTopicOnlyOneHubListsIsAsRareAsATopicCanBe() {
        NetworkStats stats = of(a, b, c, d);
        assertThat(stats.topicRarity("semiconductors")).isEqualTo(1.0);
        assertThat(stats.topicRarity("never-listed")).isEqualTo(1.0);
    }

    @Test
    void rarityFallsWithTheShareOfHubsListingTheTopic() {
        NetworkStats stats = of(a, b, c, d);
        // Smoothed idf, divided by its largest value: log(1 + n/df) / log(1 + n).
        assertThat(stats.topicRarity("skills-upskilling")).isCloseTo(Math.log(2) / Math.log(5), within(1e-12));
        assertThat(stats.topicRarity("textiles")).isCloseTo(Math.log(3) / Math.log(5), within(1e-12));
    }

    @Test
    void aHubNamingATopicInSeveralRolesCountsOnce() {
        // a offers textiles, b seeks it: two hubs, whatever the roles.
        assertThat(of(a, b, c, d).topicFrequency("textiles")).isEqualTo(2);
        assertThat(of(a, b, c, d).topicFrequency("skills-upskilling")).isEqualTo(4);
        assertThat(of(a, b, c, d).hubs()).isEqualTo(4);
    }

    @Test
    void anEmptyNetworkTreatsEverythingAsRare() {
        NetworkStats empty = new NetworkStats();
        assertThat(empty.topicRarity("robotics-automation")).isEqualTo(1.0);
        assertThat(empty.termIdf("robot")).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void termWeightsAreSmoothedInverseDocumentFrequencies() {
        NetworkStats stats = of(a, b, c, d);
        assertThat(stats.termIdf("zebra")).isCloseTo(Math.log(1 + 4.0 / 1), within(1e-12));
        assertThat(stats.termIdf("quokka")).isCloseTo(Math.log(1 + 4.0 / 2), within(1e-12));
        assertThat(stats.termIdf("unheard")).isCloseTo(Math.log(1 + 4.0), within(1e-12));
    }

    @Test
    void removingAHubUndoesWhatAddingItCounted() {
        NetworkStats stats = of(a, b, c, d);
        stats.remove(b);
        assertThat(stats.hubs()).isEqualTo(3);
        assertThat(stats.topicFrequency("textiles")).isEqualTo(1);
        assertThat(stats.termIdf("zebra")).isCloseTo(Math.log(1 + 3.0), within(1e-12));
        assertThat(stats.termIdf("quokka")).isCloseTo(Math.log(1 + 3.0), within(1e-12));
        stats.remove(a);
        assertThat(stats.topicFrequency("textiles")).isZero();
        assertThat(stats.topicFrequency("semiconductors")).isZero();
        assertThat(stats.topicRarity("skills-upskilling")).isCloseTo(Math.log(2) / Math.log(3), within(1e-12));
        // Added again, a counts as it did before.
        stats.add(a);
        assertThat(stats.topicFrequency("textiles")).isEqualTo(1);
        assertThat(stats.termIdf("quokka")).isCloseTo(Math.log(1 + 3.0), within(1e-12));
    }

    /** The cosine as written out: every term's TF-IDF weight with the network's IDFs now. */
    static double plainCosine(TermVector x, TermVector y, NetworkStats stats) {
        java.util.Map<Integer, Double> first = new java.util.HashMap<>(), second = new java.util.HashMap<>();
        for (int i = 0; i < x.size(); i++) {
            first.put(x.ids()[i], x.weights()[i] * stats.termIdf(x.ids()[i]));
        }
        for (int i = 0; i < y.size(); i++) {
            second.put(y.ids()[i], y.weights()[i] * stats.termIdf(y.ids()[i]));
        }
        double dot = first.entrySet().stream().mapToDouble(e -> e.getValue() * second.getOrDefault(e.getKey(), 0.0)).sum();
        double norms = Math.sqrt(first.values().stream().mapToDouble(w -> w * w).sum()
                * second.values().stream().mapToDouble(w -> w * w).sum());
        return norms == 0 ? 0 : dot / norms;
    }

    @Test
    void aTextsCachedNormFollowsTheNetworkAndIsNotSharedAcrossNetworks() {
        NetworkStats stats = of(a, b);
        NetworkStats other = of(a, a); // as many changes as the first (one version), other frequencies
        TermVector looms = a.textTerms(), zebra = b.textTerms();
        assertThat(PairScorer.cosine(looms, zebra, stats)).isGreaterThan(0)
                .isCloseTo(plainCosine(looms, zebra, stats), within(1e-12));
        // Its own IDFs, not the norms cached for the first network
        assertThat(PairScorer.cosine(looms, zebra, other)).isCloseTo(plainCosine(looms, zebra, other), within(1e-12));
        // The first network grows: the IDFs move, and the norms with them
        double before = PairScorer.cosine(looms, zebra, stats);
        stats.add(c);
        stats.add(d);
        assertThat(PairScorer.cosine(looms, zebra, stats)).isCloseTo(plainCosine(looms, zebra, stats), within(1e-12))
                .isNotEqualTo(before);
        assertThat(PairScorer.cosine(looms, TermVector.EMPTY, stats)).isZero();
    }
}
