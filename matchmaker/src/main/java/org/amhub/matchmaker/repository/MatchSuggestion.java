package org.amhub.matchmaker.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.amhub.events.match.FactorScore;
import org.amhub.events.match.Reason;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A stored suggestion for an unordered pair (hubA < hubB), with what was last published about it. */
@Entity
@Table(name = "match_suggestion")
public class MatchSuggestion extends PanacheEntityBase {

    public enum Status { ACTIVE, ACCEPTED, WITHDRAWN }

    @Id
    @Column(name = "match_id")
    public String matchId;

    @Column(name = "hub_a", nullable = false)
    public UUID hubA;

    @Column(name = "hub_b", nullable = false)
    public UUID hubB;

    @Column(nullable = false)
    public double score;

    /** Rank of hub B in hub A's list, 0 when not listed there. */
    @Column(name = "rank_a", nullable = false)
    public int rankA;

    @Column(name = "rank_b", nullable = false)
    public int rankB;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON deep copy per load and flush
    @Column(nullable = false)
    public List<FactorScore> factors;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<String> topics;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<String> reasons;

    /** The reasons with the claims of both hubs behind each. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<Reason> explanations = List.of();

    /** The score the hubs were last told of: later moves smaller than the material delta are not announced. */
    @Column(name = "announced_score")
    public Double announcedScore;

    /** The topics the hubs were last told of, as a set: new common ground is announced. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "announced_topics")
    public List<String> announcedTopics;

    /** Whether hub A (resp. B) has been told of the pair: an announcement went out while A listed it. */
    @Column(name = "announced_a", nullable = false)
    public boolean announcedA;

    @Column(name = "announced_b", nullable = false)
    public boolean announcedB;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "suggestion_version", nullable = false)
    public long suggestionVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Every suggestion with one of the hubs as a party, withdrawn ones included. */
    public static List<MatchSuggestion> involvingAny(Collection<UUID> hubs) {
        return distinct(InChunks.query(hubs, chunk -> list("hubA IN ?1 OR hubB IN ?1", chunk)));
    }

    /** The suggestions listed by (ranked for) one of the hubs, or accepted: what their lists hold, without the history. */
    public static List<MatchSuggestion> listedInvolvingAny(Collection<UUID> hubs) {
        return distinct(InChunks.query(hubs, chunk -> list(LISTED_INVOLVING, chunk, Status.ACCEPTED)));
    }

    /** ?1 the hubs, ?2 {@link Status#ACCEPTED}. */
    private static final String LISTED_INVOLVING = "(hubA IN ?1 OR hubB IN ?1) AND (rankA > 0 OR rankB > 0 OR status = ?2)";

    /** The ids of these hubs' suggestions that are not withdrawn, without loading the rows. */
    public static List<String> idsInvolvingAny(Collection<UUID> hubs) {
        return ids(hubs, "(hubA IN ?1 OR hubB IN ?1) AND status <> ?2", Status.WITHDRAWN);
    }

    /** The ids of {@link #listedInvolvingAny(Collection)}, without loading the rows. */
    public static List<String> listedIdsInvolvingAny(Collection<UUID> hubs) {
        return ids(hubs, LISTED_INVOLVING, Status.ACCEPTED);
    }

    private static List<String> ids(Collection<UUID> hubs, String where, Status status) {
        return InChunks.query(hubs, chunk -> getEntityManager()
                .createQuery("SELECT matchId FROM MatchSuggestion WHERE " + where, String.class)
                .setParameter(1, chunk).setParameter(2, status).getResultList());
    }

    /** The stored suggestions with these ids. */
    public static List<MatchSuggestion> byIds(Collection<String> matchIds) {
        return InChunks.query(matchIds, chunk -> list("matchId IN ?1", chunk));
    }

    /** Each suggestion once: a pair whose two hubs fell in different chunks is found twice. */
    private static List<MatchSuggestion> distinct(List<MatchSuggestion> found) {
        Map<String, MatchSuggestion> unique = new LinkedHashMap<>();
        found.forEach(s -> unique.put(s.matchId, s));
        return List.copyOf(unique.values());
    }

    /** The suggestions a hub sees: those in its own list, and those it accepted. */
    public static List<MatchSuggestion> visibleTo(UUID hub) {
        return list("status <> ?2 AND ((hubA = ?1 AND (rankA > 0 OR status = ?3)) OR (hubB = ?1 AND (rankB > 0 OR status = ?3)))",
                hub, Status.WITHDRAWN, Status.ACCEPTED);
    }

    /** The network's best current suggestions: listed by at least one of the two hubs, or accepted. */
    public static List<MatchSuggestion> best(double minScore, int limit) {
        return find("status <> ?1 AND score >= ?2 AND (rankA > 0 OR rankB > 0 OR status = ?3) ORDER BY score DESC, matchId",
                Status.WITHDRAWN, minScore, Status.ACCEPTED).page(0, limit).list();
    }

    /** The rank of the other party in {@code hub}'s list, 0 when not listed there. */
    public int rankFor(UUID hub) {
        return hubA.equals(hub) ? rankA : rankB;
    }

    public boolean involves(UUID hub) {
        return hubA.equals(hub) || hubB.equals(hub);
    }
}
