package org.amhub.events.match;

/** Kafka topics the matchmaker produces. */
public final class MatchTopics {
    /** Key = match id; value = {@link MatchSuggested} JSON. */
    public static final String MATCH_SUGGESTIONS = "amhub.match-suggestions.v1";

    private MatchTopics() {
    }
}
