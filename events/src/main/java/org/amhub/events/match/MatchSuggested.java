package org.amhub.events.match;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Value of a record on {@link MatchTopics#MATCH_SUGGESTIONS} (key = {@code matchId}).
 * Published only when a suggestion appears, changes materially or is withdrawn, never on every rescoring.
 *
 * @param matchId        stable id of the unordered hub pair
 * @param suggestionVersion increases with every published change of this match; with {@code matchId} it identifies
 *                       what a recipient was told, so consumers deduplicate on the pair
 * @param topics         taxonomy topic ids behind the match, for subscribers' topic filters
 * @param reasons        plain-language explanation, strongest reason first
 * @param explanations   the same reasons with the claims (text, evidence quote, source) of both hubs behind each;
 *                       added in schema version 2 (version 1 consumers ignore it)
 */
public record MatchSuggested(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String matchId,
        long suggestionVersion,
        MatchChange change,
        MatchParty hubA,
        MatchParty hubB,
        double score,
        List<FactorScore> factors,
        List<String> topics,
        List<String> reasons,
        List<Reason> explanations) {

    public static final int SCHEMA_VERSION = 2;

    public MatchSuggested {
        factors = factors == null ? List.of() : List.copyOf(factors);
        topics = topics == null ? List.of() : List.copyOf(topics);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        explanations = explanations == null ? List.of() : List.copyOf(explanations);
    }

    /** A suggestion without structured explanations (as schema version 1 had it). */
    public MatchSuggested(UUID eventId, int schemaVersion, Instant occurredAt, String matchId, long suggestionVersion,
                          MatchChange change, MatchParty hubA, MatchParty hubB, double score, List<FactorScore> factors,
                          List<String> topics, List<String> reasons) {
        this(eventId, schemaVersion, occurredAt, matchId, suggestionVersion, change, hubA, hubB, score, factors, topics,
                reasons, List.of());
    }
}
