package org.amhub.events.match;

import java.util.List;

/**
 * One reason behind a suggestion, in words, with the claims it rests on.
 *
 * @param kind   {@code complementarity} (one hub seeks what the other offers), {@code shared-priority},
 *               {@code industry} or {@code funding}
 * @param text   the reason as a sentence
 * @param claims the claims of both hubs that the reason pairs; empty for reasons that rest on profile fields alone
 */
public record Reason(String kind, String text, List<ClaimEvidence> claims) {

    public Reason {
        claims = claims == null ? List.of() : List.copyOf(claims);
    }

    /**
     * A claim as the reason quotes it.
     *
     * @param role   {@code need}, {@code capability} or {@code priority}
     * @param source where the quote comes from (report section, or entered through the API and when)
     */
    public record ClaimEvidence(String hubSlug, String hubName, String role, String topic, String text,
                                String evidence, String source) {
    }
}
