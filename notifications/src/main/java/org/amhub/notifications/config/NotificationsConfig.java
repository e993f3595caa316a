package org.amhub.notifications.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Notification settings ({@code amhub.notifications.*}). */
@ConfigMapping(prefix = "amhub.notifications")
public interface NotificationsConfig {

    /** The matchmaker's dashboard, for operators; alerts link to the console instead ({@code amhub.console.url}). */
    @WithDefault("http://localhost:8082/")
    String dashboardUrl();

    Delivery delivery();

    Webhooks webhooks();

    Digest digest();

    Consumers consumers();

    Feed feed();

    interface Feed {
        /**
         * Items (and heartbeats) a stream may hold for a client that reads slowly. Beyond, that stream is closed:
         * the client reconnects with {@code Last-Event-ID} and resumes from the stored feed, missing nothing.
         */
        @WithDefault("256")
        int bufferSize();

        /** Open streams per hub; one more is refused with 429. */
        @WithDefault("20")
        int maxStreamsPerHub();

        /** A comment line this often keeps proxies from closing idle streams and lets clients spot dead ones. */
        @WithDefault("15s")
        java.time.Duration heartbeatInterval();

        /** Stored items sent on one resume; when more are missed, the stream closes after them and the client resumes again. */
        @WithDefault("500")
        int resumeLimit();

        /** What the SSE {@code retry:} field asks clients to wait before reconnecting. */
        @WithDefault("1s")
        java.time.Duration reconnectDelay();
    }

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

        /** Deliveries claimed per claim transaction. */
        @WithDefault("50")
        int batchSize();

        /**
         * How long a claimed delivery is held by its worker. Longer than any send can take (webhook timeout, SMTP
         * timeouts); when it runs out (the worker crashed), the delivery is due again.
         */
        @WithDefault("2m")
        Duration lease();

        /** Deliveries sent at the same time: one slow endpoint holds one sender, not the others. */
        @WithDefault("8")
        int concurrency();
    }

    interface Webhooks {
        /** Whole call: connect, send, response headers and the (bounded) response body. */
        @WithDefault("5s")
        Duration timeout();

        /** Bytes of a response body read at most (the rest is not read). */
        @WithDefault("16384")
        int maxResponseBytes();

        CircuitBreaker circuitBreaker();

        /** Per endpoint host (and port): after this many failures in a row, calls stop for {@code open-for}. */
        interface CircuitBreaker {
            @WithDefault("5")
            int failureThreshold();

            /** Then one trial call; success closes the circuit, failure opens it again. */
            @WithDefault("30s")
            Duration openFor();
        }

        /**
         * Whether webhook URLs may resolve to loopback, link-local or private addresses. Off in production: a
         * subscriber must not make this service call into its own network.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();
    }
}
