package org.amhub.events.partnership;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Value of a record on {@link PartnershipTopics#PARTNERSHIPS} (key = {@code partnershipId}): every change of a
 * partnership (opened, stage moved, note added, reminder due). Consumers deduplicate on {@code eventId}.
 *
 * @param version       the partnership's version after the change (its optimistic-lock version; a reminder leaves it
 *                      as it was)
 * @param matchId       the suggestion both hubs accepted
 * @param stage         the stage after the change
 * @param previousStage the stage before a {@link PartnershipChangeKind#STAGE_CHANGED}; null otherwise
 * @param note          what the actor wrote (stage changes and notes), or null
 * @param nextStep      the agreed next step after the change, or null
 * @param nextStepDue   when the next step is due, or null
 * @param actor         who made the change (the user's name), {@code system} for reminders
 */
public record PartnershipChanged(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        long version,
        UUID partnershipId,
        String matchId,
        PartnershipParty hubA,
        PartnershipParty hubB,
        PartnershipStage stage,
        PartnershipStage previousStage,
        PartnershipChangeKind kind,
        String note,
        String nextStep,
        LocalDate nextStepDue,
        String actor) {

    public static final int SCHEMA_VERSION = 1;

    /** The other party, seen from {@code hubId}. */
    public PartnershipParty partnerOf(UUID hubId) {
        return hubA.hubId().equals(hubId) ? hubB : hubA;
    }
}
