package org.amhub.events.partnership;

/**
 * Where a partnership stands. Moves go forward only (skipping is allowed); {@link #ABANDONED} is reachable from any
 * open stage; {@link #CLOSED} and {@link #ABANDONED} are final.
 */
public enum PartnershipStage {
    INTRODUCED("Introduced"),
    IN_DISCUSSION("In discussion"),
    AGREEMENT_SIGNED("Agreement signed"),
    PROJECT_RUNNING("Project running"),
    CLOSED("Closed"),
    ABANDONED("Abandoned");

    private final String label;

    PartnershipStage(String label) {
        this.label = label;
    }

    /** The stage as people read it ("Agreement signed"). */
    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this == CLOSED || this == ABANDONED;
    }

    /** Whether a partnership in this stage may move to {@code target}. */
    public boolean canMoveTo(PartnershipStage target) {
        if (isFinal() || target == null || target == this) {
            return false;
        }
        return target == ABANDONED || target.ordinal() > ordinal();
    }

    /** Whether this stage means an agreement was reached (it or a later stage on the forward path). */
    public boolean reachedAgreement() {
        return this == AGREEMENT_SIGNED || this == PROJECT_RUNNING || this == CLOSED;
    }
}
