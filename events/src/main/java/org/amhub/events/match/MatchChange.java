package org.amhub.events.match;

/** Why a suggestion event was published. */
public enum MatchChange {
    /** The pair entered a hub's suggestion list. */
    APPEARED,
    /** Score moved by more than the material-change threshold, or a rank changed. */
    CHANGED,
    /** The pair left both hubs' lists (profile deleted, declined, muted, or outscored). */
    WITHDRAWN
}
