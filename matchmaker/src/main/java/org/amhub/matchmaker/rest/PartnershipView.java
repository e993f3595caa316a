package org.amhub.matchmaker.rest;

import org.amhub.events.partnership.PartnershipStage;
import org.amhub.matchmaker.service.PartnershipService;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A partnership as the console shows it, with its history oldest first. */
public record PartnershipView(UUID id, String matchId, Party hubA, Party hubB, PartnershipStage stage, String nextStep,
                              LocalDate nextStepDue, Instant openedAt, Instant stageChangedAt, long version,
                              List<HistoryEntry> history) {

    public record Party(UUID id, String slug, String name) {
    }

    public record HistoryEntry(Instant at, String actor, PartnershipStage fromStage, PartnershipStage toStage, String note) {
    }

    static PartnershipView of(PartnershipService.Snapshot s) {
        var p = s.partnership();
        return new PartnershipView(p.id, p.matchId, new Party(s.hubA().hubId(), s.hubA().slug(), s.hubA().name()),
                new Party(s.hubB().hubId(), s.hubB().slug(), s.hubB().name()), p.stage, p.nextStep, p.nextStepDue,
                p.openedAt, p.stageChangedAt, p.version,
                s.history().stream().map(e -> new HistoryEntry(e.at, e.actor, e.fromStage, e.toStage, e.note)).toList());
    }
}
