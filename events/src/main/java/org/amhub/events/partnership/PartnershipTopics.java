package org.amhub.events.partnership;

/** Kafka topics about partnerships (producer: matchmaker). */
public final class PartnershipTopics {
    /** Key = partnership id; value = {@link PartnershipChanged} JSON. */
    public static final String PARTNERSHIPS = "amhub.partnerships.v1";

    private PartnershipTopics() {
    }
}
