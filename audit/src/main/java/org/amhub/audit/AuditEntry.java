package org.amhub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** One audited write: who, what, on which hub and resource, and what changed. Rows are only ever inserted. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** The token's {@code preferred_username} (the principal name), or {@code system} for work without a caller. */
    @Column(nullable = false)
    public String actor;

    /** The token's subject ({@code sub}), stable where user names can change. */
    @Column(name = "actor_sub")
    public String actorSubject;

    @Column(nullable = false)
    public String action;

    /** The hub slug the write concerns; null for service-wide operations (dead-letter replays). */
    public String hub;

    @Column(name = "resource_id")
    public String resourceId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode changes;
}
