package org.amhub.matchmaker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.amhub.matchmaker.scoring.ScoringModel;

import org.amhub.matchmaker.scoring.FundingBlocs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The scoring model and publishing rules ({@code amhub.matchmaker.*}); defaults mirror {@link ScoringModel#defaults()}. */
@ConfigMapping(prefix = "amhub.matchmaker")
public interface MatchmakerConfig {

    Weights weights();

    @WithDefault("0.10")
    double oneSidedSmoothing();

    /** Share of a need↔capability match that rests on what the two claims say, not only their topic id. */
    @WithDefault("0.5")
    double claimMeaningShare();

    /** How claims are compared: {@code embedding} (by meaning, in-process model) or {@code lexical} (TF-IDF). */
    @WithDefault("embedding")
    String claimSimilarity();

    /** How alike (0–1) two claims must be for a reason to pair them as "seeks … offers …". */
    @WithDefault("0.35")
    double relatedClaims();

    /** Diversity re-ranking: how much a candidate's popularity lowers its place in lists (0 = off). */
    @WithDefault("1.0")
    double exposureDebias();

    /** A funding-blocs file replacing the bundled one ({@code funding-blocs.json} format). */
    Optional<Path> fundingBlocsFile();

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

    /**
     * Above {@code full-scan-threshold}, how a change finds the hubs to rescore: {@code index} (inverted indexes, the
     * best {@code candidate-limit}) or {@code scan} (every other hub, O(N) per change: the benchmark's baseline).
     */
    @WithDefault("index")
    String candidates();

    /** A suggestion is republished when its score moves at least this much (or a rank changes). */
    @WithDefault("0.02")
    double materialScoreDelta();

    /** How soon consortia follow a burst of profile updates (they are recomputed once per burst). */
    @WithDefault("1s")
    java.time.Duration consortiaRefresh();

    /** Backoff for transient failures while applying a profile event (the batch is retried until it succeeds). */
    Retry retry();

    /** The bulk path: how a consumer far behind the topic (an initial load, a long outage) catches up. */
    Bulk bulk();

    interface Bulk {
        /**
         * At least this many records waiting (the poll and the consumer's lag, the Kafka client's {@code records-lag}) means the
         * consumer is behind: the poll's profiles are stored without being ranked, and ranked all at once when the
         * backlog ends (0: never; every poll is ranked as it comes).
         */
        @WithDefault("200")
        int minBatch();

        /** How long the consumer must have been quiet (no poll applied) before stored profiles are ranked. */
        @WithDefault("1s")
        java.time.Duration settleAfter();

        /**
         * The longest a backlog's profiles stay stored but unranked while polls keep coming full: then they are
         * ranked before the next poll, so a stream that never lets up still reaches the suggestions.
         */
        @WithDefault("5m")
        java.time.Duration maxDefer();

        /** How long ranking the stored profiles and storing their suggestions may take, in one transaction. */
        @WithDefault("30m")
        java.time.Duration settleTimeout();

        /**
         * Profiles another instance stored but has not ranked for this long (it stopped mid-backlog) are ranked by
         * this one; also how often this instance looks for them.
         */
        @WithDefault("30s")
        java.time.Duration takeOverAfter();
    }

    /** Where unreadable hub-profile records go, with SmallRye's {@code dead-letter-*} headers. */
    DeadLetters deadLetters();

    interface DeadLetters {
        @WithDefault("amhub.hub-profiles.v1.dlq")
        String topic();

        /** How long writing one dead letter may take before the batch is retried. */
        @WithDefault("10s")
        java.time.Duration sendTimeout();
    }

    interface Retry {
        @WithDefault("200ms")
        java.time.Duration initialDelay();

        @WithDefault("30s")
        java.time.Duration maxDelay();
    }

    interface Weights {
        @WithDefault("0.2")
        double complementarity();

        @WithDefault("0.1")
        double sharedPriorities();

        @WithDefault("0.0")
        double industryOverlap();

        @WithDefault("0.6")
        double textSimilarity();

        @WithDefault("0.1")
        double regional();
    }

    default ScoringModel toModel() {
        FundingBlocs blocs = fundingBlocsFile().map(file -> {
            try (var in = Files.newInputStream(file)) {
                return FundingBlocs.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the funding blocs file " + file, e);
            }
        }).orElseGet(FundingBlocs::bundled);
        return new ScoringModel(weights().complementarity(), weights().sharedPriorities(), weights().industryOverlap(),
                weights().textSimilarity(), weights().regional(), oneSidedSmoothing(), claimMeaningShare(),
                claimSimilarity(), relatedClaims(), exposureDebias(), blocs,
                maxSuggestionsPerHub(), minSuggestionsPerHub(), minScore(), maxConsortia(), maxConsortiumSize(),
                fullScanThreshold(), commonTopicFraction(), candidateLimit(), candidates());
    }
}
