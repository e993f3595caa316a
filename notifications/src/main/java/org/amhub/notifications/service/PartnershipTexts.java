package org.amhub.notifications.service;

import org.amhub.events.partnership.PartnershipChangeKind;
import org.amhub.events.partnership.PartnershipChanged;
import org.amhub.events.partnership.PartnershipParty;

/** Partnership changes in words, as the feed, emails and webhooks show them to one of the two hubs. */
public final class PartnershipTexts {

    private PartnershipTexts() {
    }

    /** E.g. "Partnership with Michigan moved to Agreement signed: MoU signed in Detroit". */
    public static String text(PartnershipChanged event, PartnershipParty partner) {
        String with = "Partnership with " + name(partner);
        String note = event.note() == null || event.note().isBlank() ? "" : ": " + event.note().strip();
        String text = switch (event.kind()) {
            case OPENED -> with + " opened: both hubs accepted the suggestion";
            case STAGE_CHANGED -> with + " moved to " + event.stage().label() + note;
            case NOTE_ADDED -> with + ", new note" + note;
            case REMINDER_DUE -> with + " has been at " + event.stage().label() + " for a while: time for the next step?";
        };
        if (event.nextStep() != null && !event.nextStep().isBlank()
                && event.kind() != PartnershipChangeKind.OPENED) {
            text += " (next step: " + event.nextStep().strip() + (event.nextStepDue() == null ? "" : ", due " + event.nextStepDue()) + ")";
        }
        return text;
    }

    static String name(PartnershipParty party) {
        return party.name() != null ? party.name() : party.slug() != null ? party.slug() : "another hub";
    }
}
