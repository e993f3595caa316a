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
import org.amhub.events.partnership.PartnershipChangeKind;
import org.amhub.events.partnership.PartnershipStage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** One line of a partnership's history: opened, a stage move or a note. */
@Entity
@Table(name = "partnership_event")
public class PartnershipEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "partnership_id", nullable = false)
    public UUID partnershipId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PartnershipChangeKind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_stage")
    public PartnershipStage fromStage;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_stage", nullable = false)
    public PartnershipStage toStage;

    public String note;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public Instant at;

    /** The histories of several partnerships at once, oldest first. */
    public static List<PartnershipEvent> of(Collection<UUID> partnerships) {
        if (partnerships.isEmpty()) {
            return List.of();
        }
        return list("partnershipId IN ?1 ORDER BY at, id", List.copyOf(partnerships));
    }
}
