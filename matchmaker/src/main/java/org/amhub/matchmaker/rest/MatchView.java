package org.amhub.matchmaker.rest;

import org.amhub.events.match.FactorScore;
import org.amhub.events.match.MatchParty;

import java.time.Instant;
import java.util.List;

/** A suggestion as the API shows it: both hubs, the score, its factors and the reasons in words. */
public record MatchView(String matchId, MatchParty hubA, MatchParty hubB, double score, String status,
                        List<FactorScore> factors, List<String> topics, List<String> reasons, long version,
                        Instant updatedAt) {
}
