package org.amhub.matchmaker.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.amhub.events.partnership.PartnershipStage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Two hubs working together after both accepted their suggestion. {@code version} is checked and raised by the
 * service under a row lock (not JPA's {@code @Version}): a stale {@code If-Match} must be a 412, not a retry.
 */
@Entity
@Table(name = "partnership")
public class Partnership extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "match_id", nullable = false)
    public String matchId;

    @Column(name = "hub_a", nullable = false)
    public UUID hubA;

    @Column(name = "hub_b", nullable = false)
    public UUID hubB;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PartnershipStage stage;

    @Column(name = "next_step")
    public String nextStep;

    @Column(name = "next_step_due")
    public LocalDate nextStepDue;

    @Column(name = "opened_at", nullable = false)
    public Instant openedAt;

    @Column(name = "stage_changed_at", nullable = false)
    public Instant stageChangedAt;

    @Column(name = "reminded_at")
    public Instant remindedAt;

    @Column(nullable = false)
    public long version;

    public static Optional<Partnership> byMatch(String matchId) {
        return find("matchId", matchId).firstResultOptional();
    }

    /** The row, locked for this transaction: concurrent changes of one partnership queue up. */
    public static Optional<Partnership> lockedById(UUID id) {
        return Optional.ofNullable(getEntityManager().find(Partnership.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    public static List<Partnership> ofHub(UUID hub) {
        return list("hubA = ?1 OR hubB = ?1 ORDER BY openedAt DESC, id", hub);
    }

    public static List<Partnership> all() {
        return list("ORDER BY openedAt DESC, id");
    }

    public boolean involves(UUID hub) {
        return hubA.equals(hub) || hubB.equals(hub);
    }
}
