package org.amhub.matchmaker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Period;

/** Partnership follow-up ({@code amhub.partnerships.*}). */
@ConfigMapping(prefix = "amhub.partnerships")
public interface PartnershipsConfig {

    /**
     * An open partnership whose stage has not changed for this long gets a REMINDER_DUE event, and again at most once
     * per such period. A {@link Period} (ISO-8601 with weeks and months, e.g. {@code P4W}), not a Duration.
     */
    @WithDefault("P4W")
    Period staleAfter();

    /** How often the reminder job looks for stale partnerships ({@code off} disables it). */
    @WithDefault("1h")
    String reminderInterval();
}
