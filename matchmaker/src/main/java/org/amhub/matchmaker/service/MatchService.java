package org.amhub.matchmaker.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps suggestions in step with the hub profiles. Each profile event is applied in one transaction: the snapshot,
 * the changed suggestions and their events (through the outbox) commit together. Events are published only when a
 * suggestion appears, moves materially or is withdrawn. Updates are serialised: the engine is single-threaded.
 */
@ApplicationScoped
public class MatchService {

    private static final Logger LOG = Logger.getLogger(MatchService.class);

    private final MatchmakerConfig config;
    private final Taxonomy taxonomy;
    private final Outbox outbox;
    private final Timer scoringLatency;
    private final Counter published;
    private MatchEngine engine;
    private volatile List<Consortium> consortia = List.of();

    public MatchService(MatchmakerConfig config, Taxonomy taxonomy, Outbox outbox, MeterRegistry registry) {
        this.config = config;
        this.taxonomy = taxonomy;
        this.outbox = outbox;
        this.scoringLatency = Timer.builder("amhub.matchmaker.scoring").description("Rescoring after one profile event")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.published = registry.counter("amhub.matchmaker.suggestions.published");
    }

    void onStart(@Observes StartupEvent event) {
        QuarkusTransaction.requiringNew().run(this::rebuild);
    }

    /** Rebuilds the engine from the stored snapshots and feedback (on start, and after a failed update). */
    synchronized void rebuild() {
        engine = new MatchEngine(config.toModel(), taxonomy);
        refreshExclusions();
        HubSnapshot.<HubSnapshot>listAll().forEach(snapshot -> engine.upsert(snapshot.profile));
        consortia = new ConsortiumFinder(engine, taxonomy).find();
        LOG.infof("Matchmaker view rebuilt with %d hubs", engine.size());
    }

    /** Applies one record of the hub-profile topic; duplicates and stale versions change nothing. */
    public synchronized void apply(String key, HubProfileChanged event) {
        try {
            QuarkusTransaction.requiringNew().run(() -> scoringLatency.record(() -> applyInTransaction(key, event)));
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(this::rebuild); // the engine may be ahead of the rolled-back state
            throw e;
        }
    }

    private void applyInTransaction(String key, HubProfileChanged event) {
        UUID hubId = UUID.fromString(key);
        HubSnapshot snapshot = HubSnapshot.findById(hubId);
        if (event == null) {
            if (snapshot == null) {
                return; // tombstone seen before, or for a hub we never knew
            }
            snapshot.delete();
            engine.remove(hubId);
        } else {
            HubProfile profile = event.profile();
            if (snapshot != null && snapshot.version >= profile.version()) {
                return; // redelivery or an older snapshot: already applied
            }
            if (snapshot == null) {
                snapshot = new HubSnapshot();
                snapshot.hubId = hubId;
            }
            snapshot.slug = profile.slug();
            snapshot.version = profile.version();
            snapshot.profile = profile;
            snapshot.updatedAt = Instant.now();
            snapshot.persist();
            engine.upsert(profile);
        }
        reconcile();
    }

    /** Records feedback and re-ranks; the caller has checked that {@code hubId} is a party of the match. */
    public synchronized MatchSuggestion feedback(MatchSuggestion match, UUID hubId, MatchFeedback.Action action) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
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
                if (action == MatchFeedback.Action.ACCEPT) {
                    current.status = MatchSuggestion.Status.ACCEPTED;
                    current.updatedAt = Instant.now();
                } else {
                    refreshExclusions();
                    engine.rescoreAll();
                    reconcile();
                }
                return current;
            });
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(this::rebuild);
            throw e;
        }
    }

    private void refreshExclusions() {
        Set<String> declinedPairs = new HashSet<>();
        Map<UUID, Set<String>> neverSlugs = new HashMap<>();
        for (MatchFeedback feedback : MatchFeedback.<MatchFeedback>listAll()) {
            switch (feedback.action) {
                case DECLINE -> declinedPairs.add(matchId(feedback.hubId, feedback.otherHubId));
                case NEVER -> neverSlugs.computeIfAbsent(feedback.hubId, k -> new HashSet<>()).add(feedback.otherSlug);
                case ACCEPT -> { }
            }
        }
        engine.setExclusions((hub, other) -> {
            if (declinedPairs.contains(matchId(hub, other))) {
                return true;
            }
            Set<String> blocked = neverSlugs.get(hub);
            HubFeatures otherHub = blocked == null ? null : engine.features(other);
            return otherHub != null && blocked.contains(otherHub.slug());
        });
    }

    /** Brings stored suggestions in line with the engine and publishes what changed materially. */
    private void reconcile() {
        Map<String, Desired> desired = new HashMap<>();
        for (HubFeatures hub : engine.hubs()) {
            List<MatchEngine.Ranked> list = engine.suggestionsFor(hub.id());
            for (int i = 0; i < list.size(); i++) {
                UUID other = list.get(i).other();
                boolean first = hub.id().compareTo(other) < 0;
                Desired entry = desired.computeIfAbsent(matchId(hub.id(), other),
                        k -> first ? new Desired(hub.id(), other, new int[2]) : new Desired(other, hub.id(), new int[2]));
                entry.ranks()[first ? 0 : 1] = i + 1;
            }
        }
        Map<String, MatchSuggestion> stored = new HashMap<>();
        MatchSuggestion.<MatchSuggestion>listAll().forEach(s -> stored.put(s.matchId, s));
        Instant now = Instant.now();
        for (Map.Entry<String, Desired> entry : desired.entrySet()) {
            MatchSuggestion suggestion = stored.get(entry.getKey());
            int[] ranks = entry.getValue().ranks();
            UUID[] pair = {entry.getValue().hubA(), entry.getValue().hubB()};
            PairScore score = engine.explain(pair[0], pair[1]);
            MatchChange change;
            if (suggestion == null || suggestion.status == MatchSuggestion.Status.WITHDRAWN) {
                change = MatchChange.APPEARED;
                if (suggestion == null) {
                    suggestion = new MatchSuggestion();
                    suggestion.matchId = entry.getKey();
                    suggestion.hubA = pair[0];
                    suggestion.hubB = pair[1];
                    suggestion.createdAt = now;
                }
                suggestion.status = MatchSuggestion.Status.ACTIVE;
            } else if (Math.abs(suggestion.score - score.score()) >= config.materialScoreDelta()
                    || suggestion.rankA != ranks[0] || suggestion.rankB != ranks[1]) {
                change = MatchChange.CHANGED;
            } else {
                continue; // nothing a person would notice: no write, no event
            }
            suggestion.score = score.score();
            suggestion.rankA = ranks[0];
            suggestion.rankB = ranks[1];
            suggestion.factors = score.factors();
            suggestion.topics = score.topics();
            suggestion.reasons = score.reasons();
            suggestion.updatedAt = now;
            suggestion.suggestionVersion++;
            suggestion.persist();
            publish(suggestion, change);
        }
        for (MatchSuggestion suggestion : stored.values()) {
            boolean gone = !desired.containsKey(suggestion.matchId);
            boolean partyDeleted = engine.features(suggestion.hubA) == null || engine.features(suggestion.hubB) == null;
            if (suggestion.status == MatchSuggestion.Status.ACTIVE && gone
                    || suggestion.status == MatchSuggestion.Status.ACCEPTED && partyDeleted) {
                suggestion.status = MatchSuggestion.Status.WITHDRAWN;
                suggestion.rankA = 0;
                suggestion.rankB = 0;
                suggestion.updatedAt = now;
                suggestion.suggestionVersion++;
                publish(suggestion, MatchChange.WITHDRAWN);
            }
        }
        consortia = new ConsortiumFinder(engine, taxonomy).find();
    }

    private void publish(MatchSuggestion suggestion, MatchChange change) {
        UUID eventId = UUID.randomUUID();
        MatchSuggested event = new MatchSuggested(eventId, MatchSuggested.SCHEMA_VERSION, suggestion.updatedAt,
                suggestion.matchId, suggestion.suggestionVersion, change, party(suggestion.hubA, suggestion.rankA),
                party(suggestion.hubB, suggestion.rankB), suggestion.score, suggestion.factors, suggestion.topics,
                suggestion.reasons);
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
            return engine.hubs().stream().filter(h -> h.slug().equals(idOrSlug)).findFirst();
        }
    }

    public List<Consortium> consortia() {
        return consortia;
    }

    public MatchmakerConfig config() {
        return config;
    }

    /** The id of an unordered pair: stable whatever the order the hubs are given in. */
    public static String matchId(UUID a, UUID b) {
        UUID low = a.compareTo(b) < 0 ? a : b, high = a.compareTo(b) < 0 ? b : a;
        return UUID.nameUUIDFromBytes((low + "|" + high).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A pair the engine currently suggests, with hubA < hubB and the ranks on each side (0 = not listed). */
    private record Desired(UUID hubA, UUID hubB, int[] ranks) {
    }
}
