package org.amhub.readcache;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code amhub.read-cache.*}: the in-process cache of public reads ({@link ReadCache}). */
@ConfigMapping(prefix = "amhub.read-cache")
public interface ReadCacheConfig {

    /** Off: every read loads, and no listener connection is opened. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Bound on the answers kept, in bytes of body (answers differ in size by three orders of magnitude: one hub 4 KB,
     * the whole network's page 52 KB; a count of entries would not bound the heap, which is 64 MB in the registry).
     */
    @WithDefault("8M")
    MemorySize maxSize();

    /**
     * How long the listener waits for a notification before checking its connection ({@code isValid}): the longest a
     * silently broken connection (no error, no close) goes unnoticed, during which other instances' changes are missed.
     */
    @WithDefault("1s")
    Duration heartbeat();

    /** First wait before reconnecting after the listener connection failed; doubles on each failure. */
    @WithDefault("200ms")
    Duration reconnectMin();

    /** Longest wait between reconnection attempts. */
    @WithDefault("10s")
    Duration reconnectMax();
}
