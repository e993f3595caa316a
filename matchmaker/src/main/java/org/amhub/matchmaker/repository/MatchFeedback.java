package org.amhub.matchmaker.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** What a hub's coordinator said about a suggestion. */
@Entity
@Table(name = "match_feedback")
public class MatchFeedback extends PanacheEntityBase {

    public enum Action { ACCEPT, DECLINE, NEVER }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "match_id", nullable = false)
    public String matchId;

    @Column(name = "hub_id", nullable = false)
    public UUID hubId;

    @Column(name = "other_hub_id", nullable = false)
    public UUID otherHubId;

    @Column(name = "other_slug", nullable = false)
    public String otherSlug;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Action action;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
