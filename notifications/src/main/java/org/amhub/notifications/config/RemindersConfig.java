package org.amhub.notifications.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Period;

/** Reminders the notifications service sends by itself ({@code amhub.reminders.*}). */
@ConfigMapping(prefix = "amhub.reminders")
public interface RemindersConfig {

    /**
     * A hub whose profile has not changed for this long is asked to review it, at most once per such period.
     * A {@link Period} (ISO-8601 with months: {@code P6M}).
     */
    @WithDefault("P6M")
    Period profileReviewAfter();

    /** How often the reminder job looks ({@code off} disables it). */
    @WithDefault("1h")
    String interval();
}
