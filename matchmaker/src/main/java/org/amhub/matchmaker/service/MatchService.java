package org.amhub.matchmaker.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.amhub.audit.AuditTrail;
import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.match.MatchChange;
import org.amhub.events.match.MatchParty;
import org.amhub.events.match.MatchSuggested;
import org.amhub.events.match.MatchTopics;
import org.amhub.matchmaker.config.MatchmakerConfig;
import org.amhub.matchmaker.repository.HubSnapshot;
import org.amhub.matchmaker.repository.MatchFeedback;
import org.amhub.matchmaker.repository.MatchSuggestion;
import org.amhub.matchmaker.scoring.Consortium;
import org.amhub.matchmaker.scoring.ConsortiumFinder;
import org.amhub.matchmaker.scoring.HubFeatures;
import org.amhub.matchmaker.scoring.MatchEngine;
import org.amhub.matchmaker.scoring.PairScore;
import org.amhub.outbox.Outbox;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps suggestions in step with the hub profiles. The profile events of one Kafka poll are applied in one
 * transaction: the snapshots, the changed suggestions and their events (through the outbox) commit together, after one
 * re-rank and one reconciliation over every hub the batch affected. Events are published only when a suggestion
 * appears, moves materially or is withdrawn, judged between the state before the batch and the state after it.
 * Updates are serialised: the engine is single-threaded.
 */
@ApplicationScoped
public class MatchService {

    private static final Logger LOG = Logger.getLogger(MatchService.class);

    private final MatchmakerConfig config;
    private final Taxonomy taxonomy;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final PartnershipService partnerships;
    private final Timer scoringLatency;
    private final Counter published;
    private final Counter applied;
    private final DistributionSummary batchSizes;
    private final Counter staged;
    private final Timer settling;
    private MatchEngine engine;
    private volatile List<Consortium> consortia = List.of();
    private volatile boolean consortiaDirty;
    /** Whether a complete view has been loaded since start. */
    private volatile boolean loaded;
    /** Set when an update failed after touching the engine: it may be ahead of what PostgreSQL holds. */
    private volatile boolean stale;
    private volatile String lastFailure;
    /** The last {@code view_change} this instance's view includes. */
    private long seenChange;
    /**
     * Whether {@code unsettled_hub} may hold hubs (this instance stored profiles of a backlog without ranking them,
     * or found such rows at start): they are ranked once the consumer has been quiet for {@code bulk.settle-after}.
     */
    private volatile boolean unsettled;
    /** Since when {@link #unsettled} holds (nanoTime). */
    private volatile long unsettledSince;
    /** When the consumer last applied a poll (nanoTime). */
    private volatile long lastBatchAt = System.nanoTime();
    /** When to look next for hubs another instance stored but never ranked (nanoTime). */
    private volatile long nextTakeOverCheck = System.nanoTime();

    /** Serialises writers across instances (an arbitrary constant: "amhub-mm"). */
    static final long WRITER_LOCK = 0x616d6875622d6d6dL;

    public MatchService(MatchmakerConfig config, Taxonomy taxonomy, Outbox outbox, PartnershipService partnerships,
                        MeterRegistry registry, AuditTrail audit) {
        this.audit = audit;
        this.config = config;
        this.taxonomy = taxonomy;
        this.outbox = outbox;
        this.partnerships = partnerships;
        this.scoringLatency = Timer.builder("amhub.matchmaker.scoring")
                .description("Applying one batch of profile events (a poll, or a replayed letter) in one transaction")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.applied = Counter.builder("amhub.matchmaker.records.applied")
                .description("Profile records applied (committed), stale and duplicate versions included").register(registry);
        this.batchSizes = DistributionSummary.builder("amhub.matchmaker.batch.records")
                .description("Profile records applied per transaction").publishPercentiles(0.5, 0.99).register(registry);
        this.published = registry.counter("amhub.matchmaker.suggestions.published");
        this.staged = Counter.builder("amhub.matchmaker.bulk.staged.records")
                .description("Profile records of a backlog stored without ranking (ranked later, all at once)").register(registry);
        this.settling = Timer.builder("amhub.matchmaker.bulk.settle")
                .description("Ranking stored-but-unranked profiles and storing their suggestions, in one transaction")
                .register(registry);
        registry.gauge("amhub.matchmaker.bulk.unsettled", this, service -> service.unsettled ? 1 : 0);
    }

    void onStart(@Observes StartupEvent event) {
        try {
            rebuild();
        } catch (RuntimeException e) {
            // Not ready until a rebuild succeeds: the first event (or a readiness probe's retry) tries again.
            stale = true;
            lastFailure = e.toString();
            LOG.warnf("Matchmaker view not loaded at start, will retry: %s", e);
        }
    }

    /**
     * Rebuilds the view from the stored snapshots and feedback into a fresh engine, and swaps it in only when it is
     * complete: if reading fails, the last good view stays. The store is read in a short transaction of its own and the
     * engine built outside it: ranking a large network takes minutes (100,000 hubs: ~3 min here), longer than a
     * transaction may stay open, and a rebuild that timed out at commit would leave the view unloaded for good.
     */
    synchronized void rebuild() {
        long started = System.nanoTime();
        Built built = buildFromStore();
        MatchEngine fresh = built.engine();
        Store store = built.store();
        engine = fresh;
        seenChange = store.lastChange();
        engineProfiles.clear();
        engineProfiles.putAll(store.profiles());
        consortia = new ConsortiumFinder(fresh, taxonomy).find();
        if (store.unsettled()) {
            markUnsettled();
        }
        loaded = true;
        stale = false;
        lastFailure = null;
        // The scale benchmark reads this line for the rebuild time (snapshots read, engine loaded, consortia found)
        LOG.infof("Matchmaker view rebuilt with %d hubs in %d ms (candidates: %s)", fresh.size(),
                (System.nanoTime() - started) / 1_000_000, fresh.model().candidates());
    }

    /** What a rebuild starts from: the last change it includes, every stored profile, the feedback's exclusions. */
    private record Store(long lastChange, Map<UUID, HubProfile> profiles, java.util.function.BiPredicate<UUID, UUID> exclusions,
                         boolean unsettled) {
    }

    private Store readStore(MatchEngine target) {
        long last = lastChange(); // read first: a change committed meanwhile is applied again, harmlessly
        Map<UUID, HubProfile> profiles = new HashMap<>();
        HubSnapshot.<HubSnapshot>listAll().forEach(snapshot -> profiles.put(snapshot.hubId, snapshot.profile));
        boolean unsettled = (Boolean) HubSnapshot.getEntityManager()
                .createNativeQuery("SELECT EXISTS (SELECT 1 FROM unsettled_hub)").getSingleResult();
        return new Store(last, profiles, exclusions(target), unsettled);
    }

    private record Built(MatchEngine engine, Store store) {
    }

    /** A from-scratch engine over what PostgreSQL holds now (snapshots and feedback), built outside any transaction. */
    private Built buildFromStore() {
        MatchEngine fresh = new MatchEngine(config.toModel(), taxonomy);
        Store store = QuarkusTransaction.requiringNew().call(() -> readStore(fresh));
        fresh.setExclusions(store.exclusions());
        fresh.load(store.profiles().values());
        return new Built(fresh, store);
    }

    private static long lastChange() {
        Object max = HubSnapshot.getEntityManager().createNativeQuery("SELECT COALESCE(MAX(seq), 0) FROM view_change")
                .getSingleResult();
        return ((Number) max).longValue();
    }

    /** Takes the writers' lock for this transaction and brings the view up to every change committed before it. */
    private void lockAndCatchUp() {
        HubSnapshot.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(:lock)")
                .setParameter("lock", WRITER_LOCK).getSingleResult();
        catchUp();
    }

    /** Applies to the view the changes other instances committed since it last looked (no writes: they did those). */
    @SuppressWarnings("unchecked")
    private void catchUp() {
        List<Object[]> changes = HubSnapshot.getEntityManager()
                .createNativeQuery("SELECT seq, hub_id, kind FROM view_change WHERE seq > :seen ORDER BY seq")
                .setParameter("seen", seenChange).getResultList();
        boolean feedbackChanged = false;
        for (Object[] change : changes) {
            if ("FEEDBACK".equals(change[2])) {
                feedbackChanged = true;
            } else {
                UUID hub = (UUID) change[1];
                HubSnapshot snapshot = HubSnapshot.findById(hub);
                if (snapshot == null) {
                    engine.remove(hub);
                    engineProfiles.remove(hub);
                } else if (engine.features(hub) == null || !snapshot.profile.equals(engineProfiles.get(hub))) {
                    engine.upsert(snapshot.profile);
                    engineProfiles.put(hub, snapshot.profile);
                }
            }
            pendingSeen = ((Number) change[0]).longValue();
        }
        if (feedbackChanged) {
            engine.setExclusions(exclusions(engine));
            engine.rescoreAll();
        }
        if (!changes.isEmpty()) {
            consortiaDirty = true;
        }
    }

    /** The view's position once the current transaction commits. */
    private long pendingSeen;
    /** The profile each hub's features were extracted from, to skip re-extracting what the view already has. */
    private final Map<UUID, HubProfile> engineProfiles = new java.util.concurrent.ConcurrentHashMap<>();

    private void recordChange(UUID hub, String kind) {
        Object seq = HubSnapshot.getEntityManager()
                .createNativeQuery("INSERT INTO view_change (hub_id, kind) VALUES (:hub, :kind) RETURNING seq")
                .setParameter("hub", hub).setParameter("kind", kind).getSingleResult();
        pendingSeen = ((Number) seq).longValue();
    }

    /** {@link #recordChange} for many profiles in one statement. */
    private void recordProfileChanges(Collection<UUID> hubs) {
        Object seq = HubSnapshot.getEntityManager()
                .createNativeQuery("WITH added AS (INSERT INTO view_change (hub_id, kind) SELECT unnest(CAST(:hubs AS uuid[])), 'PROFILE' "
                        + "RETURNING seq) SELECT MAX(seq) FROM added")
                .setParameter("hubs", hubs.toArray(UUID[]::new)).getSingleResult();
        pendingSeen = ((Number) seq).longValue();
    }

    /** One readable record of the hub-profile topic: its key (the hub id) and event ({@code null}: a tombstone). */
    public record ProfileRecord(String key, HubProfileChanged event) {
    }

    /** Applies one record of the hub-profile topic (a replayed dead letter): a batch of one. */
    public void apply(String key, HubProfileChanged event) {
        applyAll(List.of(new ProfileRecord(key, event)), 0);
    }

    /**
     * Applies readable records of the hub-profile topic, in the order given (partition order), in one transaction:
     * one lock, one catch-up, one re-rank, one reconciliation, one commit. Duplicates and stale versions change
     * nothing. A failure leaves the database unchanged and marks the view stale; the caller retries the whole batch,
     * and the retry rebuilds first. {@code waiting}: records on the topic after these, not yet polled (the consumer's
     * lag); with this poll at least {@code bulk.min-batch}, the consumer is behind and the poll is only stored
     * (ADR 12).
     */
    public synchronized void applyAll(List<ProfileRecord> records, long waiting) {
        if (records.isEmpty()) {
            return;
        }
        try {
            if (stale || !loaded) {
                rebuild();
            }
            boolean backlog = config.bulk().minBatch() > 0 && records.size() + waiting >= config.bulk().minBatch();
            if (unsettled && (!backlog || System.nanoTime() - unsettledSince > config.bulk().maxDefer().toNanos())) {
                // The backlog ended (or has been stored unranked for too long): what it stored is ranked first
                settle();
            }
            pendingSeen = seenChange;
            QuarkusTransaction.requiringNew().run(() -> scoringLatency.record(() -> {
                lockAndCatchUp();
                if (backlog) {
                    stageInTransaction(records);
                } else {
                    applyInTransaction(records);
                }
            }));
            seenChange = pendingSeen;
            if (backlog) {
                markUnsettled();
                staged.increment(records.size());
            }
            lastBatchAt = System.nanoTime();
            lastFailure = null;
            applied.increment(records.size());
            batchSizes.record(records.size());
        } catch (RuntimeException e) {
            stale = true; // the engine may be ahead of the rolled-back state
            lastFailure = e.toString();
            throw e;
        }
    }

    /** Whether the view is loaded and in step with the store (for readiness). */
    public boolean ready() {
        return loaded && !stale;
    }

    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * Compares the live view with a from-scratch recompute over the stored profiles and feedback, and with the
     * suggestions stored for each hub. Exact up to {@code full-scan-threshold} hubs; above it the live lists come from
     * incremental candidate retrieval and may differ in their tails.
     */
    public synchronized Consistency checkConsistency() {
        syncWithOtherInstances();
        MatchEngine fresh = buildFromStore().engine();
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Consistency.Difference> differences = new java.util.ArrayList<>();
            Set<UUID> hubs = new java.util.TreeSet<>();
            fresh.hubs().forEach(h -> hubs.add(h.id()));
            engine.hubs().forEach(h -> hubs.add(h.id()));
            for (UUID hub : hubs) {
                List<UUID> live = engine.suggestionsFor(hub).stream().map(MatchEngine.Ranked::other).toList();
                List<UUID> recomputed = fresh.suggestionsFor(hub).stream().map(MatchEngine.Ranked::other).toList();
                List<UUID> stored = MatchSuggestion.visibleTo(hub).stream()
                        .filter(s -> s.rankFor(hub) > 0)
                        .sorted(java.util.Comparator.comparingInt(s -> s.rankFor(hub)))
                        .map(s -> s.hubA.equals(hub) ? s.hubB : s.hubA).toList();
                if (!live.equals(recomputed) || !stored.equals(recomputed)) {
                    HubFeatures features = fresh.features(hub) != null ? fresh.features(hub) : engine.features(hub);
                    differences.add(new Consistency.Difference(hub, features == null ? null : features.slug(),
                            live, recomputed, stored));
                }
            }
            return new Consistency(differences.isEmpty(), hubs.size(), fresh.size() <= config.fullScanThreshold(),
                    differences);
        });
    }

    /** The result of {@link #checkConsistency()}. */
    public record Consistency(boolean consistent, int hubs, boolean exact, List<Difference> differences) {
        public record Difference(UUID hub, String slug, List<UUID> live, List<UUID> recomputed, List<UUID> stored) {
        }
    }

    /**
     * Works out each hub's state after the records with the one-by-one rules (a version not above the current one
     * changes nothing; a tombstone deletes; after a delete any version is new), writes the snapshots that differ, then
     * updates the engine and reconciles once for all of them.
     */
    private void applyInTransaction(List<ProfileRecord> records) {
        StoredChanges stored = storeSnapshots(records);
        if (stored.touched().isEmpty()) {
            return;
        }
        recordProfileChanges(stored.touched());
        Set<UUID> affected = new HashSet<>(engine.update(stored.upserts(), stored.removals()));
        stored.removals().forEach(engineProfiles::remove);
        stored.upserts().forEach(profile -> engineProfiles.put(profile.id(), profile));
        affected.addAll(stored.touched()); // their own pairs' explanations may have changed even when no list did
        // Above the exact threshold an entry's score stands until one of its hubs changes (MatchEngine): the pairs of
        // two unchanged hubs have only moved in rank, and need no new explanation
        reconcile(affected, engine.rescoresEveryPair() ? null : stored.touched());
    }

    /** What {@link #storeSnapshots} wrote: the profiles that are new or newer, the hubs deleted, and both together. */
    private record StoredChanges(List<HubProfile> upserts, List<UUID> removals, Set<UUID> touched) {
    }

    /**
     * The bulk path for a poll of a backlog: its snapshots are stored and its hubs marked unsettled in the same
     * transaction, and nothing is ranked; {@link #settle()} ranks every marked hub at once when the backlog ends, so a
     * list that would move with every poll of an initial load is ranked, stored and announced once.
     */
    private void stageInTransaction(List<ProfileRecord> records) {
        StoredChanges stored = storeSnapshots(records);
        if (stored.touched().isEmpty()) {
            return;
        }
        recordProfileChanges(stored.touched());
        HubSnapshot.getEntityManager().createNativeQuery("INSERT INTO unsettled_hub (hub_id) SELECT unnest(CAST(:hubs AS uuid[])) "
                        + "ON CONFLICT (hub_id) DO UPDATE SET staged_at = now()")
                .setParameter("hubs", stored.touched().toArray(UUID[]::new)).executeUpdate();
    }

    /**
     * Works out each hub's state after the records with the one-by-one rules (a version not above the current one
     * changes nothing; a tombstone deletes; after a delete any version is new) and writes the snapshots that differ.
     */
    private StoredChanges storeSnapshots(List<ProfileRecord> records) {
        // The batch's snapshots in one query, not one round trip per record
        Map<UUID, HubSnapshot> stored = new HashMap<>();
        HubSnapshot.byIds(records.stream().map(r -> UUID.fromString(r.key())).collect(java.util.stream.Collectors.toSet()))
                .forEach(snapshot -> stored.put(snapshot.hubId, snapshot));
        Map<UUID, HubProfile> after = new java.util.LinkedHashMap<>(); // a hub's state after the batch; null: deleted
        Map<UUID, Long> versions = new HashMap<>(); // a hub's version as the records so far leave it; absent: none
        stored.forEach((hubId, snapshot) -> versions.put(hubId, snapshot.version));
        for (ProfileRecord record : records) {
            UUID hubId = UUID.fromString(record.key());
            Long version = versions.get(hubId);
            if (record.event() == null) {
                if (version != null) { // else: tombstone seen before, or for a hub we never knew
                    after.put(hubId, null);
                    versions.remove(hubId);
                }
            } else if (version == null || version < record.event().profile().version()) {
                after.put(hubId, record.event().profile());
                versions.put(hubId, record.event().profile().version());
            } // else: redelivery or an older snapshot, already applied
        }
        List<HubProfile> upserts = new java.util.ArrayList<>();
        List<UUID> removals = new java.util.ArrayList<>();
        Set<UUID> touched = new HashSet<>();
        Instant now = Instant.now();
        for (Map.Entry<UUID, HubProfile> change : after.entrySet()) {
            UUID hubId = change.getKey();
            HubSnapshot snapshot = stored.get(hubId);
            HubProfile profile = change.getValue();
            if (profile == null) {
                if (snapshot == null) {
                    continue; // came and went within the batch: nothing stored, nothing to tell
                }
                snapshot.delete();
                removals.add(hubId);
            } else {
                if (snapshot == null) {
                    snapshot = new HubSnapshot();
                    snapshot.hubId = hubId;
                }
                snapshot.slug = profile.slug();
                snapshot.version = profile.version();
                snapshot.profile = profile;
                snapshot.updatedAt = now;
                snapshot.persist();
                upserts.add(profile);
            }
            touched.add(hubId);
        }
        return new StoredChanges(upserts, removals, touched);
    }

    private void markUnsettled() {
        if (!unsettled) {
            unsettledSince = System.nanoTime();
            unsettled = true;
        }
    }

    /** Hubs reconciled per flush when settling a backlog: bounds the persistence context, not the transaction. */
    private static final int SETTLE_CHUNK = 1000;

    /**
     * Ranks every hub in {@code unsettled_hub} (stored by a backlog's polls, by this instance or one that stopped)
     * and stores and announces the suggestions that changed, in one transaction with the writers' lock; the rows
     * go in the same commit. A failure leaves them for the next try (after a rebuild).
     */
    synchronized void settle() {
        if (stale || !loaded) {
            rebuild();
        }
        pendingSeen = seenChange;
        try {
            long[] settled = new long[1];
            QuarkusTransaction.requiringNew().timeout((int) Math.max(1, config.bulk().settleTimeout().toSeconds()))
                    .run(() -> settling.record(() -> {
                        lockAndCatchUp();
                        if (settleInTransaction()) {
                            settled[0] = System.nanoTime();
                        }
                    }));
            if (settled[0] != 0) {
                // The last outbox rows are written, and the whole settle made durable, at the commit
                LOG.infof("Settle committed %d ms after its work", (System.nanoTime() - settled[0]) / 1_000_000);
            }
        } catch (RuntimeException e) {
            stale = true; // the engine may hold rankings the rolled-back transaction did not store
            lastFailure = e.toString();
            throw e;
        }
        seenChange = pendingSeen;
        unsettled = false;
    }

    /** Whether there was anything to settle. */
    @SuppressWarnings("unchecked")
    private boolean settleInTransaction() {
        var em = HubSnapshot.getEntityManager();
        List<UUID> marked = em.createNativeQuery("SELECT hub_id FROM unsettled_hub ORDER BY hub_id").getResultList();
        if (marked.isEmpty()) {
            return false;
        }
        long started = System.nanoTime();
        Set<UUID> markedSet = new HashSet<>(marked);
        List<HubProfile> upserts = new java.util.ArrayList<>();
        List<UUID> removals = new java.util.ArrayList<>();
        for (int from = 0; from < marked.size(); from += SETTLE_CHUNK) {
            List<UUID> part = marked.subList(from, Math.min(marked.size(), from + SETTLE_CHUNK));
            Map<UUID, HubProfile> stored = new HashMap<>();
            HubSnapshot.byIds(part).forEach(snapshot -> stored.put(snapshot.hubId, snapshot.profile));
            em.clear(); // read only: the persistence context keeps no copy of a whole network's profiles
            for (UUID hub : part) {
                HubProfile profile = stored.get(hub);
                if (profile == null) {
                    if (engine.features(hub) != null) {
                        removals.add(hub);
                    }
                } else if (engine.features(hub) == null || !profile.equals(engineProfiles.get(hub))) {
                    upserts.add(profile); // else already in the view (another instance's commit, caught up)
                }
            }
        }
        long read = System.nanoTime();
        Set<UUID> affected = new HashSet<>(engine.update(upserts, removals));
        long ranked = System.nanoTime();
        removals.forEach(engineProfiles::remove);
        upserts.forEach(profile -> engineProfiles.put(profile.id(), profile));
        // Every marked hub, and the hubs whose lists hold one: their stored pairs may predate the marked profiles
        for (UUID hub : marked) {
            affected.add(hub);
            affected.addAll(engine.listedBy(hub));
        }
        List<UUID> order = affected.stream().sorted().toList();
        long flushed = 0;
        Set<String> reconciled = new HashSet<>();
        for (int from = 0; from < order.size(); from += SETTLE_CHUNK) {
            Set<UUID> chunk = new HashSet<>(order.subList(from, Math.min(order.size(), from + SETTLE_CHUNK)));
            Set<UUID> changed = new HashSet<>(chunk);
            changed.retainAll(markedSet);
            reconcile(chunk, engine.rescoresEveryPair() ? null : changed, reconciled);
            long flushing = System.nanoTime();
            em.flush();
            em.clear();
            flushed += System.nanoTime() - flushing;
        }
        em.createNativeQuery("DELETE FROM unsettled_hub WHERE hub_id = ANY(CAST(:hubs AS uuid[]))")
                .setParameter("hubs", marked.toArray(UUID[]::new)).executeUpdate();
        long done = System.nanoTime();
        // Where a settle's time goes, for whoever sizes a large load: reading the profiles, ranking, reconciling the
        // stored pairs (their reads, explanations and outbox rows) and flushing the suggestions
        LOG.infof("Settled %d stored profiles: %d hubs reconciled in %d ms (read %d ms, rank %d ms, reconcile %d ms, "
                        + "flush %d ms)", marked.size(), order.size(), (done - started) / 1_000_000,
                (read - started) / 1_000_000, (ranked - read) / 1_000_000, (done - ranked - flushed) / 1_000_000,
                flushed / 1_000_000);
        return true;
    }

    /**
     * Ranks what a backlog stored once the consumer has been quiet for {@code bulk.settle-after}; and, every
     * {@code bulk.take-over-after}, takes over hubs another instance stored that long ago without ranking them.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "bulk-settle")
    void settleWhenQuiet() {
        if (!loaded || stale) {
            return; // the consortia timer retries the rebuild
        }
        long now = System.nanoTime();
        boolean quiet = now - lastBatchAt >= config.bulk().settleAfter().toNanos();
        try {
            if (!unsettled && quiet && now - nextTakeOverCheck >= 0) {
                nextTakeOverCheck = now + config.bulk().takeOverAfter().toNanos();
                if (QuarkusTransaction.requiringNew().call(() -> (Boolean) HubSnapshot.getEntityManager()
                        .createNativeQuery("SELECT EXISTS (SELECT 1 FROM unsettled_hub WHERE staged_at < now() - make_interval(secs => :age))")
                        .setParameter("age", (double) config.bulk().takeOverAfter().toMillis() / 1000).getSingleResult())) {
                    markUnsettled();
                }
            }
            if (unsettled && quiet) {
                settleIfStillQuiet();
            }
        } catch (RuntimeException e) {
            LOG.warnf("Ranking the stored profiles of a backlog failed, will retry: %s", e);
        }
    }

    /**
     * Checked again under the lock that polls are applied with: a poll being staged when the timer fired is not
     * quiet, however long it took.
     */
    private synchronized void settleIfStillQuiet() {
        if (unsettled && System.nanoTime() - lastBatchAt >= config.bulk().settleAfter().toNanos()) {
            settle();
        }
    }

    /**
     * Records feedback and re-ranks; the caller has checked that {@code hubId} is a party of the match. The second
     * hub's ACCEPT opens the pair's partnership in the same transaction ({@code actor} is recorded as its opener).
     */
    public synchronized MatchSuggestion feedback(MatchSuggestion match, UUID hubId, MatchFeedback.Action action, String actor) {
        try {
            pendingSeen = seenChange;
            MatchSuggestion result = QuarkusTransaction.requiringNew().call(() -> {
                lockAndCatchUp();
                MatchSuggestion current = MatchSuggestion.findById(match.matchId);
                UUID other = current.hubA.equals(hubId) ? current.hubB : current.hubA;
                MatchFeedback feedback = new MatchFeedback();
                feedback.matchId = current.matchId;
                feedback.hubId = hubId;
                feedback.otherHubId = other;
                HubFeatures otherHub = engine.features(other);
                feedback.otherSlug = otherHub == null ? "" : otherHub.slug();
                feedback.action = action;
                feedback.createdAt = Instant.now();
                feedback.persist();
                HubFeatures giver = engine.features(hubId);
                audit.record("match.feedback", giver == null ? null : giver.slug(), current.matchId,
                        Map.of("hub", giver == null ? hubId.toString() : giver.slug(), "partner", feedback.otherSlug, "action", action.name()));
                recordChange(null, "FEEDBACK");
                if (action == MatchFeedback.Action.ACCEPT) {
                    current.status = MatchSuggestion.Status.ACCEPTED;
                    current.updatedAt = Instant.now();
                    partnerships.openIfBothAccepted(current, actor);
                } else {
                    engine.setExclusions(exclusions(engine));
                    Set<UUID> affected = new HashSet<>(engine.rescoreAll());
                    affected.add(current.hubA);
                    affected.add(current.hubB);
                    reconcile(affected, null);
                }
                return current;
            });
            seenChange = pendingSeen;
            return result;
        } catch (RuntimeException e) {
            stale = true;
            lastFailure = e.toString();
            try {
                rebuild();
            } catch (RuntimeException rebuildFailed) {
                e.addSuppressed(rebuildFailed); // the last good view stays; readiness is DOWN until a rebuild works
            }
            throw e;
        }
    }

    /** Declined pairs and "never" hubs, from the stored feedback, as the engine asks them. */
    private static java.util.function.BiPredicate<UUID, UUID> exclusions(MatchEngine target) {
        Set<UnorderedPair> declinedPairs = new HashSet<>();
        Map<UUID, Set<String>> neverSlugs = new HashMap<>();
        for (MatchFeedback feedback : MatchFeedback.<MatchFeedback>listAll()) {
            switch (feedback.action) {
                case DECLINE -> declinedPairs.add(UnorderedPair.of(feedback.hubId, feedback.otherHubId));
                case NEVER -> neverSlugs.computeIfAbsent(feedback.hubId, k -> new HashSet<>()).add(feedback.otherSlug);
                case ACCEPT -> { }
            }
        }
        return (hub, other) -> {
            if (!declinedPairs.isEmpty() && declinedPairs.contains(UnorderedPair.of(hub, other))) {
                return true;
            }
            Set<String> blocked = neverSlugs.get(hub);
            HubFeatures otherHub = blocked == null ? null : target.features(other);
            return otherHub != null && blocked.contains(otherHub.slug());
        };
    }

    /**
     * Brings the stored suggestions of the affected hubs in line with the engine and publishes what changed
     * materially. Only pairs with an affected hub are looked at, so the cost follows the change, not the network.
     * With {@code changed} given (the hubs whose profiles changed), a pair of two other hubs can only have moved in
     * rank: its ranks are stored without scoring and explaining it again, and only the listed suggestions of such hubs
     * are read. {@code null}: any pair may have changed (feedback, or a small network rescored in full).
     */
    private void reconcile(Set<UUID> affected, Set<UUID> changed) {
        reconcile(affected, changed, null);
    }

    /**
     * {@link #reconcile(Set, Set)} for one chunk of a settle, which reconciles all its chunks against one state of the
     * engine: a pair in {@code reconciled} (an earlier chunk's) is current already, so it is neither loaded nor
     * explained again. Only the ids of the chunk's stored pairs are read; the rows are loaded for the other ids.
     */
    private void reconcile(Set<UUID> affected, Set<UUID> changed, Set<String> reconciled) {
        Map<String, UUID[]> pairs = new HashMap<>();
        for (UUID hub : affected) {
            for (MatchEngine.Ranked entry : engine.suggestionsFor(hub)) {
                String id = matchId(hub, entry.other());
                if (reconciled == null || !reconciled.contains(id)) {
                    pairs.putIfAbsent(id, ordered(hub, entry.other()));
                }
            }
        }
        Map<String, MatchSuggestion> stored = new HashMap<>();
        java.util.function.Consumer<MatchSuggestion> found = s -> {
            stored.put(s.matchId, s);
            pairs.putIfAbsent(s.matchId, new UUID[]{s.hubA, s.hubB});
        };
        if (reconciled != null) {
            // The same rows as below, withdrawn ones aside (unlisted, they need nothing; listed, they are in pairs)
            Set<String> ids = new HashSet<>(pairs.keySet());
            if (changed == null) {
                ids.addAll(MatchSuggestion.idsInvolvingAny(affected));
            } else {
                Set<UUID> bystanders = new HashSet<>(affected);
                bystanders.removeAll(changed);
                ids.addAll(MatchSuggestion.idsInvolvingAny(changed));
                ids.addAll(MatchSuggestion.listedIdsInvolvingAny(bystanders));
            }
            ids.removeAll(reconciled);
            MatchSuggestion.byIds(ids).forEach(found);
        } else if (changed == null) {
            MatchSuggestion.involvingAny(affected).forEach(found);
        } else {
            // Everything of the changed hubs; what the others list (an unlisted pair of two unchanged hubs stays as
            // it is); then any pair the new lists hold that was stored unlisted
            MatchSuggestion.involvingAny(changed).forEach(found);
            Set<UUID> bystanders = new HashSet<>(affected);
            bystanders.removeAll(changed);
            MatchSuggestion.listedInvolvingAny(bystanders).forEach(found);
            MatchSuggestion.byIds(pairs.keySet().stream().filter(id -> !stored.containsKey(id)).toList()).forEach(found);
        }
        Map<UUID, Map<UUID, Integer>> ranks = new HashMap<>();
        Instant now = Instant.now();
        for (Map.Entry<String, UUID[]> pair : pairs.entrySet()) {
            UUID hubA = pair.getValue()[0], hubB = pair.getValue()[1];
            int rankA = rankOf(ranks, hubA, hubB), rankB = rankOf(ranks, hubB, hubA);
            MatchSuggestion suggestion = stored.get(pair.getKey());
            boolean rankOnly = changed != null && !changed.contains(hubA) && !changed.contains(hubB)
                    && suggestion != null && suggestion.status != MatchSuggestion.Status.WITHDRAWN
                    && !newlyListedByAnUntoldParty(suggestion, rankA, rankB);
            if (rankOnly) {
                if (suggestion.rankA != rankA || suggestion.rankB != rankB) {
                    suggestion.rankA = rankA;
                    suggestion.rankB = rankB;
                    suggestion.updatedAt = now;
                }
                continue;
            }
            if (rankA == 0 && rankB == 0) {
                withdrawIfGone(suggestion, now);
                continue;
            }
            PairScore score = engine.explain(hubA, hubB);
            MatchChange change;
            if (suggestion != null && suggestion.status != MatchSuggestion.Status.WITHDRAWN && !material(suggestion, score)
                    && !newlyListedByAnUntoldParty(suggestion, rankA, rankB)) {
                // A shift in ranks, or a small score drift, because other hubs came or went: kept current, not announced.
                if (suggestion.rankA != rankA || suggestion.rankB != rankB || suggestion.score != score.score()) {
                    store(suggestion, score, rankA, rankB, now);
                }
                continue;
            }
            if (suggestion == null || suggestion.status == MatchSuggestion.Status.WITHDRAWN) {
                change = MatchChange.APPEARED;
                if (suggestion == null) {
                    suggestion = new MatchSuggestion();
                    suggestion.matchId = pair.getKey();
                    suggestion.hubA = hubA;
                    suggestion.hubB = hubB;
                    suggestion.createdAt = now;
                }
                suggestion.status = MatchSuggestion.Status.ACTIVE;
            } else {
                change = MatchChange.CHANGED;
            }
            // Every field before store() persists it: a new entity changed after persist() is inserted with the
            // state it had then and updated again at the flush, which doubled a bulk settle's writes
            suggestion.announcedScore = score.score();
            suggestion.announcedTopics = score.topics();
            suggestion.announcedA |= rankA > 0;
            suggestion.announcedB |= rankB > 0;
            suggestion.suggestionVersion++;
            store(suggestion, score, rankA, rankB, now);
            publish(suggestion, change);
        }
        if (reconciled != null) {
            reconciled.addAll(pairs.keySet());
        }
        consortiaDirty = true;
    }

    /**
     * Whether hubs should hear about the pair again: its score moved by at least the material delta since they were
     * last told, or its common ground (the topics behind it) changed. Ranks moving because other hubs joined are not.
     */
    private boolean material(MatchSuggestion suggestion, PairScore score) {
        double announced = suggestion.announcedScore == null ? suggestion.score : suggestion.announcedScore;
        List<String> topics = suggestion.announcedTopics == null ? suggestion.topics : suggestion.announcedTopics;
        return Math.abs(announced - score.score()) >= config.materialScoreDelta()
                || !new HashSet<>(topics).equals(new HashSet<>(score.topics()));
    }

    /** A hub that now lists the pair but was never told of it hears of it now (once). */
    private static boolean newlyListedByAnUntoldParty(MatchSuggestion suggestion, int rankA, int rankB) {
        return (rankA > 0 && !suggestion.announcedA) || (rankB > 0 && !suggestion.announcedB);
    }

    private static void store(MatchSuggestion suggestion, PairScore score, int rankA, int rankB, Instant now) {
        suggestion.score = score.score();
        suggestion.rankA = rankA;
        suggestion.rankB = rankB;
        suggestion.factors = score.factors();
        suggestion.topics = score.topics();
        suggestion.reasons = score.reasonTexts();
        suggestion.explanations = score.reasons();
        suggestion.updatedAt = now;
        suggestion.persist();
    }

    /**
     * A suggestion neither hub lists any more. It is withdrawn (and the hubs told) when a party is gone, the pair is
     * excluded by feedback, or its score fell materially; when it merely slipped below other hubs' new entries, it
     * stays unlisted without an announcement, so that it coming back later is not news either. An accepted one is
     * withdrawn only when a party is deleted.
     */
    private void withdrawIfGone(MatchSuggestion suggestion, Instant now) {
        if (suggestion == null || suggestion.status == MatchSuggestion.Status.WITHDRAWN) {
            return;
        }
        boolean partyDeleted = engine.features(suggestion.hubA) == null || engine.features(suggestion.hubB) == null;
        if (suggestion.status == MatchSuggestion.Status.ACCEPTED && !partyDeleted) {
            // An accepted pair stays visible to both hubs, but once neither list ranks it, its stored ranks say so too
            if (suggestion.rankA != 0 || suggestion.rankB != 0) {
                suggestion.rankA = 0;
                suggestion.rankB = 0;
                suggestion.updatedAt = now;
            }
            return;
        }
        if (!partyDeleted && !engine.excludedPair(suggestion.hubA, suggestion.hubB)) {
            PairScore score = engine.explain(suggestion.hubA, suggestion.hubB);
            if (!material(suggestion, score)) {
                if (suggestion.rankA != 0 || suggestion.rankB != 0) {
                    store(suggestion, score, 0, 0, now);
                }
                return;
            }
        }
        suggestion.status = MatchSuggestion.Status.WITHDRAWN;
        suggestion.rankA = 0;
        suggestion.rankB = 0;
        suggestion.updatedAt = now;
        suggestion.suggestionVersion++;
        publish(suggestion, MatchChange.WITHDRAWN);
    }

    /** The position (1-based) of {@code other} in {@code hub}'s list, 0 when not listed. */
    private int rankOf(Map<UUID, Map<UUID, Integer>> cache, UUID hub, UUID other) {
        return cache.computeIfAbsent(hub, h -> {
            Map<UUID, Integer> positions = new HashMap<>();
            List<MatchEngine.Ranked> list = engine.suggestionsFor(h);
            for (int i = 0; i < list.size(); i++) {
                positions.put(list.get(i).other(), i + 1);
            }
            return positions;
        }).getOrDefault(other, 0);
    }

    private static UUID[] ordered(UUID a, UUID b) {
        return a.compareTo(b) < 0 ? new UUID[]{a, b} : new UUID[]{b, a};
    }

    private void publish(MatchSuggestion suggestion, MatchChange change) {
        UUID eventId = UUID.randomUUID();
        MatchSuggested event = new MatchSuggested(eventId, MatchSuggested.SCHEMA_VERSION, suggestion.updatedAt,
                suggestion.matchId, suggestion.suggestionVersion, change, party(suggestion.hubA, suggestion.rankA),
                party(suggestion.hubB, suggestion.rankB), suggestion.score, suggestion.factors, suggestion.topics,
                suggestion.reasons, suggestion.explanations);
        outbox.append(MatchTopics.MATCH_SUGGESTIONS, suggestion.matchId, eventId, event);
        published.increment();
    }

    public MatchParty party(UUID hub, int rank) {
        HubFeatures features = engine.features(hub);
        if (features == null) {
            HubSnapshot snapshot = HubSnapshot.findById(hub);
            return new MatchParty(hub, snapshot == null ? null : snapshot.slug, snapshot == null ? null : snapshot.profile.name(), rank);
        }
        return new MatchParty(hub, features.slug(), features.name(), rank);
    }

    public synchronized Optional<HubFeatures> hub(String idOrSlug) {
        try {
            return Optional.ofNullable(engine.features(UUID.fromString(idOrSlug)));
        } catch (IllegalArgumentException notAnId) {
            return Optional.ofNullable(engine.bySlug(idOrSlug));
        }
    }

    public List<Consortium> consortia() {
        return consortia;
    }

    /**
     * Consortia look at the whole network, so they are recomputed once after a burst of updates (at most every
     * {@code consortia-refresh}) rather than once per profile event.
     */
    @Scheduled(every = "${amhub.matchmaker.consortia-refresh:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "consortia-refresh")
    void refreshConsortia() {
        if (loaded && !stale) {
            syncWithOtherInstances();
        } else if (System.nanoTime() - lastRebuildAttempt > REBUILD_RETRY_NANOS) {
            retryRebuild(); // an idle instance whose view failed to load (database away at start) recovers by itself
        }
        if (consortiaDirty && System.nanoTime() - nextConsortiaAt >= 0) {
            synchronized (this) {
                consortiaDirty = false;
                long started = System.nanoTime();
                consortia = new ConsortiumFinder(engine, taxonomy).find();
                long took = System.nanoTime() - started;
                // Writers wait while consortia are found (seconds in a network of thousands): at most a tenth of the time
                nextConsortiaAt = System.nanoTime() + CONSORTIA_PAUSE_FACTOR * took;
            }
        }
    }

    /** After finding consortia took t, the next search waits at least this many times t. */
    private static final long CONSORTIA_PAUSE_FACTOR = 9;
    private volatile long nextConsortiaAt = System.nanoTime();

    private static final long REBUILD_RETRY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private volatile long lastRebuildAttempt = System.nanoTime();

    private void retryRebuild() {
        lastRebuildAttempt = System.nanoTime();
        try {
            rebuild();
        } catch (RuntimeException e) {
            lastFailure = e.toString();
            LOG.warnf("Matchmaker view still not loaded, will retry: %s", e);
        } finally {
            lastRebuildAttempt = System.nanoTime();
        }
    }

    /** Catches an idle instance up with what others committed, so its view (and consortia) stay current. */
    private void syncWithOtherInstances() {
        try {
            long last = QuarkusTransaction.requiringNew().call(MatchService::lastChange);
            synchronized (this) {
                if (last > seenChange) {
                    pendingSeen = seenChange;
                    QuarkusTransaction.requiringNew().run(this::catchUp);
                    seenChange = pendingSeen;
                }
            }
        } catch (RuntimeException e) {
            stale = true; // the next write or sync rebuilds
            lastFailure = e.toString();
            LOG.warnf("Catching up with other instances failed: %s", e);
        }
    }

    public MatchmakerConfig config() {
        return config;
    }

    /**
     * Two hubs in either order, as a set key. The engine asks the exclusions for every pair it ranks, where
     * {@link #matchId}'s name-based UUID (an MD5 per call) was 6% of the matchmaker's CPU.
     */
    private record UnorderedPair(UUID low, UUID high) {
        static UnorderedPair of(UUID a, UUID b) {
            return a.compareTo(b) < 0 ? new UnorderedPair(a, b) : new UnorderedPair(b, a);
        }
    }

    /** The id of an unordered pair: stable whatever the order the hubs are given in. */
    public static String matchId(UUID a, UUID b) {
        UUID low = a.compareTo(b) < 0 ? a : b, high = a.compareTo(b) < 0 ? b : a;
        return UUID.nameUUIDFromBytes((low + "|" + high).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
