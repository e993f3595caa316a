package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;

import static org.amhub.matchmaker.scoring.Profiles.hub;
import static org.assertj.core.api.Assertions.assertThat;

class IncrementalEngineTest {

    /** Index mode from the first profile on, to test the path large networks take. */
    final ScoringModel indexed = withThreshold(ScoringModel.defaults(), 0);

    static ScoringModel withThreshold(ScoringModel m, int threshold) {
        return new ScoringModel(m.complementarityWeight(), m.sharedPrioritiesWeight(), m.industryWeight(), m.textWeight(),
                m.regionalWeight(), m.oneSidedSmoothing(), m.claimMeaningShare(), m.claimSimilarity(), m.relatedClaims(), m.exposureDebias(), m.fundingBlocs(), m.maxSuggestionsPerHub(),
                m.minSuggestionsPerHub(), m.minScore(), m.maxConsortia(), m.maxConsortiumSize(), threshold, 1.0, m.candidateLimit(), m.candidates());
    }

    @Test
    void anUpdateRescoresOnlyCandidatesAndPatchesTheirLists() {
        MatchEngine engine = new MatchEngine(indexed, Taxonomy.standard());
        HubProfile a = hub("a").seeks("hydrogen-mobility", "buses").build();
        HubProfile b = hub("b").offers("hydrogen-mobility", "test centre").build();
        HubProfile c = hub("c").offers("textiles", "looms").build();
        engine.upsert(a);
        engine.upsert(b);
        engine.upsert(c);
        assertThat(engine.candidates(a.id())).containsExactly(b.id());
        assertThat(engine.suggestionsFor(a.id())).extracting(MatchEngine.Ranked::other).containsExactly(b.id());
        assertThat(engine.suggestionsFor(b.id())).extracting(MatchEngine.Ranked::other).containsExactly(a.id());

        // c starts offering what a seeks: a's list gains c without a full pass.
        Set<UUID> affected = engine.upsert(hub("c").offers("hydrogen-mobility", "fuel cells").build());
        assertThat(affected).contains(a.id(), c.id());
        assertThat(engine.suggestionsFor(a.id())).extracting(MatchEngine.Ranked::other).contains(b.id(), c.id());

        // b stops offering it: b leaves a's list.
        engine.upsert(hub("b").offers("textiles", "looms").build());
        assertThat(engine.suggestionsFor(a.id())).extracting(MatchEngine.Ranked::other).doesNotContain(b.id());

        Set<UUID> removed = engine.remove(c.id());
        assertThat(removed).contains(a.id(), c.id());
        assertThat(engine.suggestionsFor(a.id())).extracting(MatchEngine.Ranked::other).doesNotContain(c.id());
    }
}
