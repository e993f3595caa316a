package org.amhub.readcache;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ReadCacheTest {

    static ReadCacheConfig config(boolean enabled, long maxBytes) {
        return new ReadCacheConfig() {
            public boolean enabled() {
                return enabled;
            }

            public MemorySize maxSize() {
                return new MemorySize(BigInteger.valueOf(maxBytes));
            }

            public Duration heartbeat() {
                return Duration.ofMillis(200);
            }

            public Duration reconnectMin() {
                return Duration.ofMillis(50);
            }

            public Duration reconnectMax() {
                return Duration.ofMillis(500);
            }
        };
    }

    static ReadCache listeningCache() {
        ReadCache cache = new ReadCache(config(true, 1 << 20), new SimpleMeterRegistry());
        cache.listeningStarted();
        return cache;
    }

    static Answer answer(String body) {
        return new Answer(body.getBytes(StandardCharsets.UTF_8), "\"" + body + "\"", Answer.JSON, Set.of(), null);
    }

    @Test
    void aSecondReadIsAHitWithTheSameAnswer() {
        ReadCache cache = listeningCache();
        AtomicInteger loads = new AtomicInteger();
        Answer first = cache.get("k", () -> answer("v" + loads.incrementAndGet()));
        Answer second = cache.get("k", () -> answer("v" + loads.incrementAndGet()));
        assertThat(second).isSameAs(first);
        assertThat(loads).hasValue(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void aCommitAfterwardsMakesTheNextReadLoad() {
        ReadCache cache = listeningCache();
        cache.get("k", () -> answer("old"));
        cache.invalidate();
        assertThat(new String(cache.get("k", () -> answer("new")).body(), StandardCharsets.UTF_8)).isEqualTo("new");
        assertThat(new String(cache.get("k", () -> answer("newer")).body(), StandardCharsets.UTF_8)).isEqualTo("new");
    }

    @Test
    void aCommitDuringTheLoadKeepsItsAnswerFromBeingServedAgain() {
        ReadCache cache = listeningCache();
        // the load read the old state; a commit lands (and is announced) before the load returns
        cache.get("k", () -> {
            Answer old = answer("old");
            cache.invalidate();
            return old;
        });
        assertThat(new String(cache.get("k", () -> answer("new")).body(), StandardCharsets.UTF_8)).isEqualTo("new");
    }

    @Test
    void notListeningBypassesAndNothingFromBeforeTheGapIsServedAfterIt() {
        ReadCache cache = listeningCache();
        cache.get("k", () -> answer("before"));
        cache.listeningStopped();
        assertThat(cache.active()).isFalse();
        assertThat(new String(cache.get("k", () -> answer("during")).body(), StandardCharsets.UTF_8)).isEqualTo("during");
        assertThat(new String(cache.get("k", () -> answer("during 2")).body(), StandardCharsets.UTF_8)).isEqualTo("during 2");
        assertThat(cache.bypasses()).isEqualTo(2);
        cache.listeningStarted();
        assertThat(new String(cache.get("k", () -> answer("after")).body(), StandardCharsets.UTF_8)).isEqualTo("after");
    }

    @Test
    void anEntryLoadedBeforeAGapIsNotServedAfterItEvenIfStoredLate() {
        ReadCache cache = listeningCache();
        // the connection drops and comes back while a load is under way: its answer may predate missed notifications
        cache.get("k", () -> {
            cache.listeningStopped();
            cache.listeningStarted();
            return answer("maybe stale");
        });
        assertThat(new String(cache.get("k", () -> answer("fresh")).body(), StandardCharsets.UTF_8)).isEqualTo("fresh");
    }

    @Test
    void neverStartedOrDisabledMeansEveryReadLoads() {
        ReadCache never = new ReadCache(config(true, 1 << 20), new SimpleMeterRegistry());
        never.get("k", () -> answer("a"));
        assertThat(new String(never.get("k", () -> answer("b")).body(), StandardCharsets.UTF_8)).isEqualTo("b");
        ReadCache disabled = new ReadCache(config(false, 1 << 20), new SimpleMeterRegistry());
        disabled.listeningStarted();
        disabled.get("k", () -> answer("a"));
        assertThat(new String(disabled.get("k", () -> answer("b")).body(), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(disabled.hits()).isZero();
    }

    @Test
    void anAnswerBuiltFromMemoryStateThatChangedSinceIsLoadedAgain() {
        ReadCache cache = listeningCache();
        java.util.concurrent.atomic.AtomicReference<String> memory = new java.util.concurrent.atomic.AtomicReference<>("one");
        java.util.function.Predicate<Answer> current = a -> memory.get().equals(a.basis());
        cache.get("k", () -> answer(memory.get()).withBasis(memory.get()), current);
        assertThat(new String(cache.get("k", () -> answer("x"), current).body(), StandardCharsets.UTF_8)).isEqualTo("one");
        memory.set("two"); // no commit: only memory moved (another instance's change, caught up after its notification)
        assertThat(new String(cache.get("k", () -> answer(memory.get()).withBasis(memory.get()), current).body(),
                StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(new String(cache.get("k", () -> answer("x"), current).body(), StandardCharsets.UTF_8)).isEqualTo("two");
    }

    @Test
    void keysCannotBeForgedByParameterValues() {
        assertThat(ReadCache.key("hubs", "a;1:b", null)).isNotEqualTo(ReadCache.key("hubs", "a", "b", null));
        assertThat(ReadCache.key("hubs", null)).isNotEqualTo(ReadCache.key("hubs", "-"));
        assertThat(ReadCache.key("hubs", "")).isNotEqualTo(ReadCache.key("hubs", (Object) null));
        assertThat(ReadCache.key("m", 10, 0.5)).isEqualTo(ReadCache.key("m", 10, 0.5));
    }

    @Test
    void theBoundIsInBytes() {
        ReadCache cache = new ReadCache(config(true, 10_000), new SimpleMeterRegistry());
        cache.listeningStarted();
        for (int i = 0; i < 100; i++) {
            int n = i;
            cache.get("k" + n, () -> answer("x".repeat(1000) + n));
        }
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            int n = i;
            cache.get("k" + n, () -> {
                loads.incrementAndGet();
                return answer("x".repeat(1000) + n);
            });
        }
        assertThat(loads.get()).isGreaterThan(80); // at most ~8 of 100 answers of 1 KB fit in 10 KB
    }

    @Test
    void writeStatementsAreRecognised() {
        assertThat(CommitWatch.writes("insert into hub (id) values (?)")).isTrue();
        assertThat(CommitWatch.writes("  UPDATE hub set name=? where id=?")).isTrue();
        assertThat(CommitWatch.writes("delete from match_feedback where id=?")).isTrue();
        assertThat(CommitWatch.writes("INSERT INTO view_change (hub_id, kind) VALUES (?, ?) RETURNING seq")).isTrue();
        assertThat(CommitWatch.writes("with moved as (update outbox_message set sent_at = now() returning id) select * from moved")).isTrue();
        assertThat(CommitWatch.writes("select h1_0.id from hub h1_0 where h1_0.slug=?")).isFalse();
        assertThat(CommitWatch.writes("SELECT pg_advisory_xact_lock(?)")).isFalse();
        assertThat(CommitWatch.writes("select id from hub for update")).isFalse();
    }
}
