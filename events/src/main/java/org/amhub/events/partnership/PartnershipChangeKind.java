package org.amhub.events.partnership;

/** What happened to a partnership. */
public enum PartnershipChangeKind {
    /** Both hubs accepted the suggestion: the partnership starts at {@link PartnershipStage#INTRODUCED}. */
    OPENED,
    STAGE_CHANGED,
    NOTE_ADDED,
    /** The stage has not changed for the configured threshold: time for a next step. */
    REMINDER_DUE
}
