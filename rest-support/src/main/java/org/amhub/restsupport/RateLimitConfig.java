package org.amhub.restsupport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Write rate limits ({@code amhub.rate-limit.*}, env {@code AMHUB_RATE_LIMIT_*}): token buckets of
 * {@code writes-per-caller} per token subject and {@code writes-per-address} per client address, each refilled over
 * {@code period}. Reads are not limited here.
 */
@ConfigMapping(prefix = "amhub.rate-limit")
public interface RateLimitConfig {

    @WithDefault("true")
    boolean enabled();

    /** Writes (POST, PUT, PATCH, DELETE) one caller (token subject) may make per period. */
    @WithDefault("60")
    long writesPerCaller();

    /** Writes one client address may make per period, whoever calls (also anonymous and bad-token calls). */
    @WithDefault("300")
    long writesPerAddress();

    @WithDefault("1m")
    Duration period();

    /** Buckets kept in memory per kind; beyond it they are dropped (and start full again). Bounds memory under churn. */
    @WithDefault("100000")
    int maxTracked();
}
