package org.amhub.events.hub;

/** Kafka topics the hub registry produces. */
public final class HubTopics {
    /** Compacted; key = hub id (UUID string); value = {@link HubProfileChanged} JSON, or null (tombstone) on delete. */
    public static final String HUB_PROFILES = "amhub.hub-profiles.v1";

    private HubTopics() {
    }
}
