package org.amhub.notifications.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Notification settings ({@code amhub.notifications.*}). */
@ConfigMapping(prefix = "amhub.notifications")
public interface NotificationsConfig {

    /** Where the links in alerts point (the matchmaker's dashboard). */
    @WithDefault("http://localhost:8082/")
    String dashboardUrl();

    Delivery delivery();

    Webhooks webhooks();

    Digest digest();

    Consumers consumers();

    interface Consumers {
        /** First wait before a record whose processing failed transiently is tried again; it doubles each time. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** The longest wait between two tries of the same record (the retries themselves never stop). */
        @WithDefault("30s")
        Duration maxBackoff();
    }

    interface Digest {
        /** When daily digests go out (Quartz-style cron, server time zone). */
        @WithDefault("0 0 7 * * ?")
        String cron();
    }

    interface Delivery {
        /** Attempts per delivery before it is marked DEAD. */
        @WithDefault("6")
        int maxAttempts();

        /** First retry delay; it doubles with each attempt. */
        @WithDefault("5s")
        Duration initialBackoff();

        @WithDefault("30m")
        Duration maxBackoff();

        /** How often the delivery worker looks for due deliveries. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Deliveries sent per worker run. */
        @WithDefault("50")
        int batchSize();
    }

    interface Webhooks {
        @WithDefault("5s")
        Duration timeout();

        /**
         * Whether webhook URLs may resolve to loopback, link-local or private addresses. Off in production: a
         * subscriber must not make this service call into its own network.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();
    }
}
