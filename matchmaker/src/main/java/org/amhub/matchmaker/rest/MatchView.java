package org.amhub.matchmaker.rest;

import org.amhub.events.match.FactorScore;
import org.amhub.events.match.MatchParty;
import org.amhub.events.match.Reason;

import java.time.Instant;
import java.util.List;

/**
 * A suggestion as the API shows it: both hubs, the score, its factors, the reasons in words and the same reasons with
 * the claims (text, evidence quote, source) of both hubs behind each; {@code feedbackA}/{@code feedbackB} are what each
 * hub answered last (ACCEPT, DECLINE, NEVER), or null.
 */
public record MatchView(String matchId, MatchParty hubA, MatchParty hubB, double score, String status,
                        List<FactorScore> factors, List<String> topics, List<String> reasons,
                        List<Reason> explanations, long version, Instant updatedAt, String feedbackA, String feedbackB) {
}
