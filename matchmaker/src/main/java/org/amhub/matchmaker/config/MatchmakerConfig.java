package org.amhub.matchmaker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.amhub.matchmaker.scoring.ScoringModel;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The scoring model and publishing rules ({@code amhub.matchmaker.*}); defaults mirror {@link ScoringModel#defaults()}. */
@ConfigMapping(prefix = "amhub.matchmaker")
public interface MatchmakerConfig {

    Weights weights();

    @WithDefault("0.10")
    double oneSidedSmoothing();

    @WithDefault("0.4")
    double crossRegionReach();

    /** Bloc name to member countries, for example {@code amhub.matchmaker.funding-blocs."European Union"=Spain,Italy}. */
    Map<String, List<String>> fundingBlocs();

    @WithDefault("5")
    int maxSuggestionsPerHub();

    @WithDefault("3")
    int minSuggestionsPerHub();

    @WithDefault("0.05")
    double minScore();

    @WithDefault("10")
    int maxConsortia();

    @WithDefault("5")
    int maxConsortiumSize();

    @WithDefault("200")
    int fullScanThreshold();

    @WithDefault("0.2")
    double commonTopicFraction();

    @WithDefault("128")
    int candidateLimit();

    /** A suggestion is republished when its score moves at least this much (or a rank changes). */
    @WithDefault("0.02")
    double materialScoreDelta();

    /** How soon consortia follow a burst of profile updates (they are recomputed once per burst). */
    @WithDefault("1s")
    java.time.Duration consortiaRefresh();

    interface Weights {
        @WithDefault("0.40")
        double complementarity();

        @WithDefault("0.25")
        double sharedPriorities();

        @WithDefault("0.15")
        double industryOverlap();

        @WithDefault("0.10")
        double textSimilarity();

        @WithDefault("0.10")
        double regional();
    }

    default ScoringModel toModel() {
        Map<String, java.util.Set<String>> blocs = new LinkedHashMap<>();
        fundingBlocs().forEach((bloc, countries) -> blocs.put(bloc, new LinkedHashSet<>(countries.stream().map(String::strip).toList())));
        return new ScoringModel(weights().complementarity(), weights().sharedPriorities(), weights().industryOverlap(),
                weights().textSimilarity(), weights().regional(), oneSidedSmoothing(), crossRegionReach(), blocs,
                maxSuggestionsPerHub(), minSuggestionsPerHub(), minScore(), maxConsortia(), maxConsortiumSize(),
                fullScanThreshold(), commonTopicFraction(), candidateLimit());
    }
}
