package org.amhub.notifications.service;

import java.util.List;

/** What an alert says about one suggestion, on every channel. */
public record Alert(String matchId, long suggestionVersion, String hubName, String partnerName, String partnerSlug,
                    double score, List<String> topics, List<String> reasons, String link) {
}
