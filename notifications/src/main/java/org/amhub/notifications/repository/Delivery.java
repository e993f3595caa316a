package org.amhub.notifications.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One notification sent (or to send) on one channel to one recipient; its id is the idempotency key receivers see. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public enum Channel { EMAIL, WEBHOOK }

    /**
     * PENDING: due now; DIGEST: waits for the daily digest; FAILED: will be retried; DEAD: gave up;
     * CANCELLED: its subscription (or this recipient on it) was removed before it went out, so it never will.
     */
    public enum Status { PENDING, DIGEST, SENT, FAILED, DEAD, CANCELLED }

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "notification_id")
    public Notification notification;

    @Column(name = "subscription_id", nullable = false)
    public UUID subscriptionId;

    @Column(name = "hub_id", nullable = false)
    public UUID hubId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Column(nullable = false)
    public String recipient;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** While in the future, a worker holds this delivery (it is being sent); expired = free to claim again. */
    @Column(name = "lease_until")
    public Instant leaseUntil;

    /** The claim token of the worker holding the lease; the result is recorded only under that token. */
    @Column(name = "claimed_by")
    public String claimedBy;
}
