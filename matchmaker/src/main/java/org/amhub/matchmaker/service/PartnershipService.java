package org.amhub.matchmaker.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.amhub.events.partnership.PartnershipChangeKind;
import org.amhub.events.partnership.PartnershipChanged;
import org.amhub.events.partnership.PartnershipParty;
import org.amhub.events.partnership.PartnershipStage;
import org.amhub.events.partnership.PartnershipTopics;
import org.amhub.matchmaker.config.PartnershipsConfig;
import org.amhub.matchmaker.repository.HubSnapshot;
import org.amhub.matchmaker.repository.MatchFeedback;
import org.amhub.matchmaker.repository.MatchSuggestion;
import org.amhub.matchmaker.repository.Partnership;
import org.amhub.matchmaker.repository.PartnershipEvent;
import org.amhub.outbox.Outbox;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Partnerships: opened in the transaction of the second accept, moved through their stages by the hubs'
 * coordinators, and reminded about when they stall. Every change is a {@link PartnershipChanged} written through the
 * outbox in the same transaction as the change.
 */
@ApplicationScoped
public class PartnershipService {

    private static final Logger LOG = Logger.getLogger(PartnershipService.class);
    /** The reminder job's transaction lock: one instance sends reminders at a time (ADR 7). */
    static final long REMINDER_LOCK = UUID.nameUUIDFromBytes("amhub-job:partnership-reminders".getBytes(StandardCharsets.UTF_8))
            .getMostSignificantBits();
    public static final String SYSTEM_ACTOR = "system";

    /** A refused stage move: a 409 naming {@code stage}. */
    public static class StageConflictException extends RuntimeException {
        public StageConflictException(String message) {
            super(message);
        }
    }

    /** {@code If-Match} names a version that is no longer current: a 412. */
    public static class StaleVersionException extends RuntimeException {
        public StaleVersionException(String message) {
            super(message);
        }
    }

    /** A partnership with its history, read in one transaction. */
    public record Snapshot(Partnership partnership, PartnershipParty hubA, PartnershipParty hubB, List<PartnershipEvent> history) {
    }

    /** What a change asks for; null fields leave the next step as it is. */
    public record Change(PartnershipStage stage, String note, String nextStep, LocalDate nextStepDue) {
    }

    public record Stats(long suggestions, long accepted, long declined, Map<PartnershipStage, Long> partnershipsByStage,
                        Funnel funnel, List<Month> byMonth) {
        public record Funnel(long suggested, long accepted, long agreement) {
        }

        public record Month(String month, long opened, long agreements) {
        }
    }

    private final Outbox outbox;
    private final PartnershipsConfig config;

    public PartnershipService(Outbox outbox, PartnershipsConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * Opens the partnership of {@code match} if both hubs' latest feedback is ACCEPT and none exists yet; runs in the
     * caller's (the feedback's) transaction. The unique match id makes a concurrent second open fail, not duplicate.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Partnership> openIfBothAccepted(MatchSuggestion match, String actor) {
        if (!latestIsAccept(match.matchId, match.hubA) || !latestIsAccept(match.matchId, match.hubB)
                || Partnership.byMatch(match.matchId).isPresent()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Partnership partnership = new Partnership();
        partnership.id = UUID.randomUUID();
        partnership.matchId = match.matchId;
        partnership.hubA = match.hubA;
        partnership.hubB = match.hubB;
        partnership.stage = PartnershipStage.INTRODUCED;
        partnership.openedAt = now;
        partnership.stageChangedAt = now;
        partnership.version = 0;
        partnership.persist();
        history(partnership, PartnershipChangeKind.OPENED, null, null, actor, now);
        publish(partnership, PartnershipChangeKind.OPENED, null, null, actor, now);
        LOG.infof("Partnership %s opened for match %s", partnership.id, match.matchId);
        return Optional.of(partnership);
    }

    private static boolean latestIsAccept(String matchId, UUID hub) {
        return MatchFeedback.<MatchFeedback>find("matchId = ?1 AND hubId = ?2 ORDER BY createdAt DESC, id DESC", matchId, hub)
                .firstResultOptional().map(f -> f.action == MatchFeedback.Action.ACCEPT).orElse(false);
    }

    @Transactional
    public Optional<Snapshot> find(UUID id) {
        return Optional.ofNullable(Partnership.<Partnership>findById(id)).map(p -> snapshots(List.of(p)).get(0));
    }

    /** Every partnership, or those of one hub, newest first. */
    @Transactional
    public List<Snapshot> list(UUID hub) {
        return snapshots(hub == null ? Partnership.all() : Partnership.ofHub(hub));
    }

    /** Moves the stage (forward, or to ABANDONED), with an optional note and next step. */
    @Transactional
    public Snapshot moveStage(UUID id, Long expectedVersion, Change change, String actor) {
        Partnership partnership = locked(id, expectedVersion);
        PartnershipStage from = partnership.stage;
        if (!from.canMoveTo(change.stage())) {
            throw new StageConflictException(from.isFinal()
                    ? "the partnership is " + from + ", a final stage: it cannot move any more"
                    : "cannot move from " + from + " to " + change.stage() + " (forward only, or ABANDONED)");
        }
        Instant now = Instant.now();
        partnership.stage = change.stage();
        partnership.stageChangedAt = now;
        applyNextStep(partnership, change);
        partnership.version++;
        history(partnership, PartnershipChangeKind.STAGE_CHANGED, from, change.note(), actor, now);
        publish(partnership, PartnershipChangeKind.STAGE_CHANGED, from, change.note(), actor, now);
        return snapshots(List.of(partnership)).get(0);
    }

    /** Adds a note (and optionally a next step); allowed in every stage, final ones included, so outcomes can be told. */
    @Transactional
    public Snapshot addNote(UUID id, Long expectedVersion, Change change, String actor) {
        Partnership partnership = locked(id, expectedVersion);
        Instant now = Instant.now();
        applyNextStep(partnership, change);
        partnership.version++;
        history(partnership, PartnershipChangeKind.NOTE_ADDED, null, change.note(), actor, now);
        publish(partnership, PartnershipChangeKind.NOTE_ADDED, null, change.note(), actor, now);
        return snapshots(List.of(partnership)).get(0);
    }

    private static Partnership locked(UUID id, Long expectedVersion) {
        Partnership partnership = Partnership.lockedById(id)
                .orElseThrow(() -> new jakarta.ws.rs.NotFoundException("No partnership " + id));
        if (expectedVersion != null && expectedVersion != partnership.version) {
            throw new StaleVersionException("If-Match: the partnership is at version " + partnership.version
                    + ", not " + expectedVersion + "; read it again");
        }
        return partnership;
    }

    private static void applyNextStep(Partnership partnership, Change change) {
        if (change.nextStep() != null) {
            partnership.nextStep = change.nextStep().isBlank() ? null : change.nextStep().strip();
        }
        if (change.nextStepDue() != null) {
            partnership.nextStepDue = change.nextStepDue();
        }
    }

    /**
     * Sends REMINDER_DUE for open partnerships whose stage has not changed for {@code stale-after}, at most once per
     * such period each. Runs once across instances: the whole run is one transaction holding an advisory lock, so a
     * second instance skips, and reminded_at commits together with the events.
     */
    @Scheduled(every = "${amhub.partnerships.reminder-interval:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "partnership-reminders")
    void scheduledReminders() {
        try {
            remindStale();
        } catch (RuntimeException e) {
            LOG.warnf("Partnership reminders failed, next run retries: %s", e);
        }
    }

    /** Returns how many reminders were emitted (0 when another instance is on it). */
    public int remindStale() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object locked = Partnership.getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(:lock)")
                    .setParameter("lock", REMINDER_LOCK).getSingleResult();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            Instant now = Instant.now();
            Instant cutoff = now.atZone(ZoneOffset.UTC).minus(config.staleAfter()).toInstant();
            List<Partnership> due = Partnership.list("stage NOT IN ?1 AND stageChangedAt <= ?2 AND (remindedAt IS NULL OR remindedAt <= ?2)",
                    List.of(PartnershipStage.CLOSED, PartnershipStage.ABANDONED), cutoff);
            for (Partnership partnership : due) {
                partnership.remindedAt = now;
                publish(partnership, PartnershipChangeKind.REMINDER_DUE, null, null, SYSTEM_ACTOR, now);
            }
            return due.size();
        });
    }

    /** Network aggregates: no names, no notes. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Stats stats() {
        var em = Partnership.getEntityManager();
        long suggestions = ((Number) em.createNativeQuery("SELECT count(*) FROM match_suggestion WHERE suggestion_version > 0")
                .getSingleResult()).longValue();
        String latest = "SELECT DISTINCT ON (match_id, hub_id) match_id, hub_id, action FROM match_feedback "
                + "ORDER BY match_id, hub_id, created_at DESC, id DESC";
        long accepted = ((Number) em.createNativeQuery("SELECT count(*) FROM (SELECT match_id FROM (" + latest + ") l "
                + "WHERE action = 'ACCEPT' GROUP BY match_id HAVING count(*) = 2) a").getSingleResult()).longValue();
        long declined = ((Number) em.createNativeQuery("SELECT count(DISTINCT match_id) FROM (" + latest + ") l "
                + "WHERE action IN ('DECLINE', 'NEVER')").getSingleResult()).longValue();
        Map<PartnershipStage, Long> byStage = new EnumMap<>(PartnershipStage.class);
        for (PartnershipStage stage : PartnershipStage.values()) {
            byStage.put(stage, 0L);
        }
        for (Object[] row : (List<Object[]>) em.createNativeQuery("SELECT stage, count(*) FROM partnership GROUP BY stage").getResultList()) {
            byStage.put(PartnershipStage.valueOf((String) row[0]), ((Number) row[1]).longValue());
        }
        String agreementStages = "('AGREEMENT_SIGNED', 'PROJECT_RUNNING', 'CLOSED')";
        long agreement = ((Number) em.createNativeQuery("SELECT count(DISTINCT partnership_id) FROM partnership_event WHERE to_stage IN "
                + agreementStages).getSingleResult()).longValue();
        Map<String, long[]> months = new TreeMap<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery("SELECT to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM'), count(*) "
                + "FROM partnership GROUP BY 1").getResultList()) {
            months.computeIfAbsent((String) row[0], m -> new long[2])[0] = ((Number) row[1]).longValue();
        }
        for (Object[] row : (List<Object[]>) em.createNativeQuery("SELECT to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM'), count(*) FROM "
                + "(SELECT partnership_id, min(at) AS first_at FROM partnership_event WHERE to_stage IN " + agreementStages
                + " GROUP BY partnership_id) a GROUP BY 1").getResultList()) {
            months.computeIfAbsent((String) row[0], m -> new long[2])[1] = ((Number) row[1]).longValue();
        }
        List<Stats.Month> byMonth = new ArrayList<>();
        months.forEach((month, counts) -> byMonth.add(new Stats.Month(month, counts[0], counts[1])));
        return new Stats(suggestions, accepted, declined, byStage, new Stats.Funnel(suggestions, accepted, agreement), byMonth);
    }

    /** A hub by id or slug, from the matchmaker's snapshots. */
    @Transactional
    public Optional<PartnershipParty> hub(String idOrSlug) {
        HubSnapshot snapshot;
        try {
            snapshot = HubSnapshot.findById(UUID.fromString(idOrSlug));
        } catch (IllegalArgumentException notAnId) {
            snapshot = HubSnapshot.<HubSnapshot>find("slug", idOrSlug).firstResult();
        }
        return Optional.ofNullable(snapshot).map(s -> new PartnershipParty(s.hubId, s.slug, s.profile.name()));
    }

    private static PartnershipParty party(UUID hub) {
        HubSnapshot snapshot = HubSnapshot.findById(hub);
        return snapshot == null ? new PartnershipParty(hub, null, null) : new PartnershipParty(hub, snapshot.slug, snapshot.profile.name());
    }

    private static List<Snapshot> snapshots(List<Partnership> partnerships) {
        Map<UUID, List<PartnershipEvent>> histories = new java.util.HashMap<>();
        PartnershipEvent.of(partnerships.stream().map(p -> p.id).toList())
                .forEach(e -> histories.computeIfAbsent(e.partnershipId, k -> new ArrayList<>()).add(e));
        Map<UUID, PartnershipParty> parties = new java.util.HashMap<>();
        return partnerships.stream().map(p -> new Snapshot(p, parties.computeIfAbsent(p.hubA, PartnershipService::party),
                parties.computeIfAbsent(p.hubB, PartnershipService::party), histories.getOrDefault(p.id, List.of()))).toList();
    }

    private static void history(Partnership partnership, PartnershipChangeKind kind, PartnershipStage from, String note,
                                String actor, Instant at) {
        PartnershipEvent event = new PartnershipEvent();
        event.partnershipId = partnership.id;
        event.kind = kind;
        event.fromStage = from;
        event.toStage = partnership.stage;
        event.note = note;
        event.actor = actor;
        event.at = at;
        event.persist();
    }

    private void publish(Partnership partnership, PartnershipChangeKind kind, PartnershipStage previous, String note,
                         String actor, Instant at) {
        UUID eventId = UUID.randomUUID();
        PartnershipChanged event = new PartnershipChanged(eventId, PartnershipChanged.SCHEMA_VERSION, at, partnership.version,
                partnership.id, partnership.matchId, party(partnership.hubA), party(partnership.hubB), partnership.stage,
                previous, kind, note, partnership.nextStep, partnership.nextStepDue, actor);
        outbox.append(PartnershipTopics.PARTNERSHIPS, partnership.id.toString(), eventId, event);
    }
}
