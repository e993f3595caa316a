package org.amhub.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the outbox relay ({@code amhub.outbox.*}). */
@ConfigMapping(prefix = "amhub.outbox")
public interface OutboxConfig {

    /** How often the relay looks for new rows. */
    @WithDefault("200ms")
    Duration pollInterval();

    /** Rows relayed per transaction. */
    @WithDefault("200")
    int batchSize();

    /** How long the relay waits for the broker to acknowledge a batch before it retries later. */
    @WithDefault("10s")
    Duration sendTimeout();

    /** Longest pause between relay attempts while Kafka keeps failing (the pause doubles from the poll interval). */
    @WithDefault("15s")
    Duration maxBackoff();

    /** Published rows are deleted after this long; they are kept a while for audits and replays. */
    @WithDefault("P7D")
    Duration retention();

    Health health();

    /** The readiness check of the relay ({@code amhub.outbox.health.*}). */
    interface Health {
        /** Whether a stalled relay makes the service unready. */
        @WithDefault("true")
        boolean enabled();

        /** How long the relay may keep failing, with events waiting, before readiness turns DOWN. */
        @WithDefault("60s")
        Duration maxStall();
    }
}
