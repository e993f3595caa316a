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
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An item of a hub's in-app feed: one suggestion (once per suggestion version), one partnership change (once per
 * event) or one profile-review reminder. Match-specific fields are empty for the kinds they do not apply to.
 */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    public static final String SUGGESTION = "suggestion";
    public static final String PARTNERSHIP = "partnership";
    public static final String PROFILE_REVIEW = "profile-review";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "hub_id", nullable = false)
    public UUID hubId;

    @Column(name = "match_id")
    public String matchId;

    @Column(name = "suggestion_version", nullable = false)
    public long suggestionVersion;

    @Column(name = "partner_id")
    public UUID partnerId;

    @Column(name = "partner_slug")
    public String partnerSlug;

    @Column(name = "partner_name")
    public String partnerName;

    @Column(nullable = false)
    public double score;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON deep copy per load and flush
    @Column(nullable = false)
    public List<String> topics = List.of();

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<String> reasons = List.of();

    /** The reasons with the claims of both hubs behind each (empty for suggestions announced before schema 2). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<Reason> explanations = List.of();

    /** {@link #SUGGESTION}, {@link #PARTNERSHIP} or {@link #PROFILE_REVIEW}. */
    @Column(nullable = false)
    public String kind = SUGGESTION;

    /** The event a partnership item came from (its exactly-once key, with the hub). */
    @Column(name = "event_id")
    public UUID eventId;

    /** The item in words, for kinds other than suggestions. */
    public String text;

    /** Where the item points (the console's hub page). */
    public String link;

    /** The event as received (partnership changes): the webhook body carries it. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public java.util.Map<String, Object> payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "read_at")
    public Instant readAt;
}
