package org.amhub.events.hub;

/**
 * One thing a hub works on, offers or seeks: a topic id from the shared {@link org.amhub.events.Taxonomy},
 * a free-text statement and the evidence (a quote from a source) behind it.
 *
 * @param source where the evidence comes from, for people: a report section, or "Entered through the API" with the
 *               time; {@code null} in records written before sources were kept
 */
public record TopicClaim(String topic, String text, String evidence, String source) {

    public TopicClaim(String topic, String text, String evidence) {
        this(topic, text, evidence, null);
    }

    /** The same claim from another source (the statement itself is what identifies it). */
    public TopicClaim withSource(String newSource) {
        return new TopicClaim(topic, text, evidence, newSource);
    }

    /** Whether both say the same thing on the same evidence, wherever it was entered. */
    public boolean sameStatement(TopicClaim other) {
        return java.util.Objects.equals(topic, other.topic) && java.util.Objects.equals(text, other.text)
                && java.util.Objects.equals(evidence, other.evidence);
    }
}
