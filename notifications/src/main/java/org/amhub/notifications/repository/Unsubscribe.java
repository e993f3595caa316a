package org.amhub.notifications.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A one-click unsubscribe, recorded: which subscription, when, and from what client. */
@Entity
@Table(name = "unsubscribe")
public class Unsubscribe extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "subscription_id", nullable = false)
    public UUID subscriptionId;

    @Column(name = "hub_id", nullable = false)
    public UUID hubId;

    @Column(nullable = false)
    public Instant at;

    @Column(name = "user_agent")
    public String userAgent;
}
