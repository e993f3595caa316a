package org.amhub.matchmaker.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.amhub.events.hub.HubProfile;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The latest profile of a hub as the matchmaker received it. */
@Entity
@Table(name = "hub_snapshot")
public class HubSnapshot extends PanacheEntityBase {
    @Id
    @Column(name = "hub_id")
    public UUID hubId;

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public long version;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // replaced, never changed in place: no JSON deep copy per load and flush
    @Column(nullable = false)
    public HubProfile profile;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The stored snapshots of these hubs (those that have one), in chunks well under the bind-parameter limit. */
    public static List<HubSnapshot> byIds(Collection<UUID> hubIds) {
        return InChunks.query(hubIds, chunk -> list("hubId IN ?1", chunk));
    }
}
