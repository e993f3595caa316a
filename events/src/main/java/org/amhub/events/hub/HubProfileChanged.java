package org.amhub.events.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    /**
     * Reads one record of the topic as consumers must: {@code null} for a tombstone, the event otherwise.
     *
     * @throws IllegalArgumentException for a record that breaks the contract (no key, no profile, key and profile
     *                                  id disagree); such a record belongs in a dead-letter topic
     * @throws JsonProcessingException  for a value that is not this event's JSON
     */
    public static HubProfileChanged read(ObjectMapper mapper, String key, String value) throws JsonProcessingException {
        if (key == null) {
            throw new IllegalArgumentException("Hub-profile record without a key");
        }
        if (value == null) {
            return null;
        }
        HubProfileChanged event = mapper.readValue(value, HubProfileChanged.class);
        if (event.profile() == null || event.profile().id() == null) {
            throw new IllegalArgumentException("Hub-profile event without a profile");
        }
        if (!event.profile().id().toString().equals(key)) {
            throw new IllegalArgumentException("Record key " + key + " does not match profile id " + event.profile().id());
        }
        return event;
    }
}
