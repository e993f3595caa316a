package org.amhub.readcache;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.amhub.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The listener against a real PostgreSQL: notifications move the generation; a killed connection is replaced. */
class ChangeListenerTest {

    static final String DATABASE = "read_cache_listener";
    final TestInfrastructure infrastructure = TestInfrastructure.shared();
    final ReadCache cache = new ReadCache(ReadCacheTest.config(true, 1 << 20), new SimpleMeterRegistry());
    final AtomicInteger opened = new AtomicInteger();
    final ChangeListener listener = new ChangeListener(() -> {
        opened.incrementAndGet();
        return connect();
    }, cache, Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(500));

    Connection connect() throws SQLException {
        return DriverManager.getConnection(infrastructure.jdbcUrl(DATABASE), infrastructure.username(), infrastructure.password());
    }

    @AfterEach
    void stop() {
        listener.stop();
    }

    void sql(String statement) throws SQLException {
        try (Connection connection = connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void aNotificationFromAnotherConnectionMovesTheGeneration() throws Exception {
        listener.start();
        await().atMost(Duration.ofSeconds(30)).until(cache::listening);
        long before = cache.generation();
        sql("NOTIFY " + ReadCache.CHANNEL + ", 'hub'");
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.generation() > before);
    }

    @Test
    void aCommittedTransactionNotifiesOnlyAtCommit() throws Exception {
        listener.start();
        await().atMost(Duration.ofSeconds(30)).until(cache::listening);
        try (Connection writer = connect(); Statement s = writer.createStatement()) {
            writer.setAutoCommit(false);
            s.execute("SELECT pg_notify('" + ReadCache.CHANNEL + "', 'hub')");
            long beforeCommit = cache.generation();
            // a quiet heartbeat passes (the listener checks its connection): nothing delivered before the commit
            int pid = listener.backendPid();
            await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(() -> listener.backendPid() == pid);
            assertThat(cache.generation()).isEqualTo(beforeCommit);
            writer.commit();
            await().atMost(Duration.ofSeconds(10)).until(() -> cache.generation() > beforeCommit);
        }
    }

    @Test
    void aKilledConnectionBypassesTheCacheUntilItIsReplaced() throws Exception {
        listener.start();
        await().atMost(Duration.ofSeconds(30)).until(cache::listening);
        cache.get("k", () -> ReadCacheTest.answer("before"));
        int pid = listener.backendPid();
        long before = cache.generation();
        sql("SELECT pg_terminate_backend(" + pid + ")");
        // back on another connection, with the generation moved: nothing cached before the gap is served
        await().atMost(Duration.ofSeconds(30)).until(() -> cache.listening() && listener.backendPid() != 0 && listener.backendPid() != pid);
        assertThat(cache.generation()).isGreaterThan(before);
        assertThat(opened.get()).isGreaterThanOrEqualTo(2);
        assertThat(new String(cache.get("k", () -> ReadCacheTest.answer("after")).body())).isEqualTo("after");
    }

    @Test
    void stoppedMeansBypassed() {
        listener.start();
        await().atMost(Duration.ofSeconds(30)).until(cache::listening);
        listener.stop();
        assertThat(cache.listening()).isFalse();
        assertThat(listener.backendPid()).isZero();
        cache.get("k", () -> ReadCacheTest.answer("a"));
        assertThat(new String(cache.get("k", () -> ReadCacheTest.answer("b")).body())).isEqualTo("b");
    }
}
