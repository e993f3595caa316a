package org.amhub.notifications.service;

import org.amhub.events.match.Reason;

import java.util.List;

/**
 * What an alert says about one suggestion, on every channel: the reasons, and the same reasons with the claims (text,
 * evidence quote, source) of both hubs behind each.
 */
public record Alert(String matchId, long suggestionVersion, String hubName, String partnerName, String partnerSlug,
                    double score, List<String> topics, List<String> reasons, List<Reason> explanations, String link) {

    public Alert {
        explanations = explanations == null ? List.of() : List.copyOf(explanations);
    }

    /** The score as people read it: a percentage. */
    public String scorePercent() {
        return Math.round(score * 100) + "%";
    }
}
