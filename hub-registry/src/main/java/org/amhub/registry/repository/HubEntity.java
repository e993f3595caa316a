package org.amhub.registry.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.amhub.events.hub.HubStatus;
import org.amhub.events.hub.Programme;
import org.amhub.events.hub.TopicClaim;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A hub profile row. Lists are JSONB: they are always read and written whole, with the profile. */
@Entity
@Table(name = "hub")
public class HubEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String slug;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String country;

    @Column(nullable = false)
    public String region;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON deep copy per load and flush
    @Column(name = "host_entities", nullable = false)
    public List<String> hostEntities;

    @Column(name = "contact_email")
    public String contactEmail;

    public Long population;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "top_industries", nullable = false)
    public List<String> topIndustries;

    @Column(name = "workforce_in_manufacturing_pct")
    public BigDecimal workforceInManufacturingPct;

    @Column(name = "manufacturing_share_of_gdp_pct")
    public BigDecimal manufacturingShareOfGdpPct;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HubStatus status;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<TopicClaim> priorities;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<TopicClaim> capabilities;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<TopicClaim> needs;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<Programme> programmes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(nullable = false)
    public long version;

    public static Optional<HubEntity> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }
}
