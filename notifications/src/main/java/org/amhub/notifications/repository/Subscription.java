package org.amhub.notifications.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What of the suggestions reaches a hub, on which channels, and when. */
@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {

    public enum DeliveryMode { IMMEDIATE, DAILY_DIGEST }

    @Id
    public UUID id;

    @Column(name = "hub_id", nullable = false)
    public UUID hubId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> emails;

    @Column(name = "webhook_url")
    public String webhookUrl;

    /** Encrypted (WebhookSecrets: AES-GCM); decrypted only to sign payloads; never returned after creation. */
    @Column(name = "webhook_secret")
    public String webhookSecret;

    @Column(name = "min_score", nullable = false)
    public double minScore;

    /** Taxonomy topic ids; empty = every topic. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> topics;

    /** Partner hub ids or slugs never to alert about. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "muted_partners", nullable = false)
    public List<String> mutedPartners;

    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_mode", nullable = false)
    public DeliveryMode deliveryMode;

    /** Follows the hub's contact email from its profile. */
    @Column(name = "is_default", nullable = false)
    public boolean isDefault;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** Set by a one-click unsubscribe: nothing is sent on this subscription any more. */
    @Column(name = "unsubscribed_at")
    public Instant unsubscribedAt;

    public boolean active() {
        return unsubscribedAt == null;
    }

    public static List<Subscription> ofHub(UUID hubId) {
        return list("hubId = ?1 ORDER BY createdAt", hubId);
    }
}
