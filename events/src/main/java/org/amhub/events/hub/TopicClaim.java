package org.amhub.events.hub;

/**
 * One thing a hub works on, offers or seeks: a topic id from the shared {@link org.amhub.events.Taxonomy},
 * a free-text statement and the evidence (a quote from a source) behind it.
 */
public record TopicClaim(String topic, String text, String evidence) {
}
