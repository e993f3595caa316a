package org.amhub.events.hub;

import java.time.Instant;
import java.util.UUID;

/**
 * Value of a record on {@link HubTopics#HUB_PROFILES}: the hub's complete profile after a committed create or update.
 * A delete is a tombstone (key = hub id, null value), so the compacted topic keeps exactly the live hubs.
 *
 * @param eventId        unique per publication; consumers use it (with {@code profile.version}) to skip duplicates
 * @param schemaVersion  version of this record's JSON form; see docs/events.md
 * @param occurredAt     commit time of the change
 * @param profile        the snapshot; {@code profile.version()} increases with every committed change of that hub
 */
public record HubProfileChanged(UUID eventId, int schemaVersion, Instant occurredAt, HubProfile profile) {
    public static final int SCHEMA_VERSION = 1;

    public static HubProfileChanged of(UUID eventId, Instant occurredAt, HubProfile profile) {
        return new HubProfileChanged(eventId, SCHEMA_VERSION, occurredAt, profile);
    }
}
