package org.amhub.matchmaker.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.amhub.events.partnership.PartnershipStage;

import java.time.LocalDate;

/** Bodies of the partnership writes. {@code nextStep}/{@code nextStepDue} left out keep the current ones. */
public final class PartnershipRequests {

    private PartnershipRequests() {
    }

    /** Move to {@code stage} (forward only, or ABANDONED), optionally with a note and a next step. */
    public record StageRequest(@NotNull PartnershipStage stage, @Size(max = 4000) String note,
                               @Size(max = 500) String nextStep, LocalDate nextStepDue) {
    }

    public record NoteRequest(@NotBlank @Size(max = 4000) String note, @Size(max = 500) String nextStep, LocalDate nextStepDue) {
    }
}
