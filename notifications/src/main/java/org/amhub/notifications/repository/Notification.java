package org.amhub.notifications.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.amhub.events.match.Reason;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An item of a hub's in-app feed: one suggestion, once. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "hub_id", nullable = false)
    public UUID hubId;

    @Column(name = "match_id", nullable = false)
    public String matchId;

    @Column(name = "suggestion_version", nullable = false)
    public long suggestionVersion;

    @Column(name = "partner_id", nullable = false)
    public UUID partnerId;

    @Column(name = "partner_slug")
    public String partnerSlug;

    @Column(name = "partner_name")
    public String partnerName;

    @Column(nullable = false)
    public double score;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> topics;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> reasons;

    /** The reasons with the claims of both hubs behind each (empty for suggestions announced before schema 2). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<Reason> explanations = List.of();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "read_at")
    public Instant readAt;
}
