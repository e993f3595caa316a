package org.amhub.notifications.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Optional;
import java.util.UUID;

/** A hub as the notifications service knows it: name, slug and host contact, from the hub-profile topic. */
@Entity
@Table(name = "hub_contact")
public class HubContact extends PanacheEntityBase {
    @Id
    @Column(name = "hub_id")
    public UUID hubId;

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public String name;

    @Column(name = "contact_email")
    public String contactEmail;

    @Column(nullable = false)
    public long version;

    /** When the hub's profile last changed (its {@code updatedAt}); profile-review reminders count from here. */
    @Column(name = "profile_changed_at")
    public java.time.Instant profileChangedAt;

    @Column(name = "profile_reminded_at")
    public java.time.Instant profileRemindedAt;

    /** By id or slug. */
    public static Optional<HubContact> find(String idOrSlug) {
        try {
            return findByIdOptional(UUID.fromString(idOrSlug));
        } catch (IllegalArgumentException notAnId) {
            return find("slug", idOrSlug).firstResultOptional();
        }
    }
}
