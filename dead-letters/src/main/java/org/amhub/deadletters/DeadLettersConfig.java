package org.amhub.deadletters;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Dead-letter admin settings ({@code amhub.dead-letters.*}). The Kafka client itself takes the service's {@code kafka.*}. */
@ConfigMapping(prefix = "amhub.dead-letters")
public interface DeadLettersConfig {

    /** At most this many letters per partition in a listing (the newest). */
    @WithDefault("500")
    int maxListed();

    /** Characters of the payload shown in a listing. */
    @WithDefault("500")
    int previewChars();

    /** How long one read of a dead-letter topic may take. */
    @WithDefault("10s")
    Duration readTimeout();

    /** How long a computed pending count is reused by the gauge and the health check. */
    @WithDefault("15s")
    Duration pendingCacheTtl();

    Health health();

    interface Health {
        /**
         * The readiness check is DOWN when more letters than this are pending (it always reports the count). A few
         * letters need an admin, not a restart or less traffic; a flood means the consumers are rejecting everything.
         * Negative: never DOWN.
         */
        @WithDefault("100")
        int maxPending();
    }
}
