package org.amhub.matchmaker.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.amhub.events.match.FactorScore;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
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
    @Column(nullable = false)
    public List<FactorScore> factors;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> topics;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> reasons;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "suggestion_version", nullable = false)
    public long suggestionVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public boolean involves(UUID hub) {
        return hubA.equals(hub) || hubB.equals(hub);
    }
}
