package org.amhub.readcache;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Listens on {@link ReadCache#CHANNEL} over a connection of its own, in a background thread: every notification moves
 * the cache's generation; while not listening the cache is bypassed. Reconnects with exponential backoff; a connection
 * that reports no error yet no longer answers is noticed by a validity check after each quiet {@code heartbeat}.
 * Plain Java (no CDI), so it can be tested against a real PostgreSQL alone.
 */
public final class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);

    /** Opens a new physical connection (never a pooled one: it is held for as long as it lives). */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final ReadCache cache;
    private final Duration heartbeat;
    private final Duration reconnectMin;
    private final Duration reconnectMax;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile int backendPid;

    public ChangeListener(Connector connector, ReadCache cache, Duration heartbeat, Duration reconnectMin, Duration reconnectMax) {
        this.connector = connector;
        this.cache = cache;
        this.heartbeat = heartbeat;
        this.reconnectMin = reconnectMin;
        this.reconnectMax = reconnectMax;
    }

    /** Starts listening in the background; returns at once (reads bypass the cache until it listens). */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        Thread listener = new Thread(this::run, "read-cache-listener");
        listener.setDaemon(true);
        thread = listener;
        listener.start();
    }

    /** Stops listening and waits (at most about one heartbeat) for the thread to close its connection. */
    public void stop() {
        Thread listener;
        synchronized (this) {
            listener = thread;
            thread = null;
            running = false;
        }
        if (listener != null) {
            listener.interrupt(); // ends a backoff wait; a wait for notifications ends by its timeout
            try {
                listener.join(heartbeat.toMillis() * 2 + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cache.listeningStopped();
    }

    /** The PostgreSQL backend pid of the listening connection, 0 while not connected (for operators and tests). */
    public int backendPid() {
        return backendPid;
    }

    private void run() {
        long backoff = reconnectMin.toMillis();
        while (running) {
            try (Connection connection = connector.open()) {
                PGConnection pg = connection.unwrap(PGConnection.class);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + ReadCache.CHANNEL);
                    try (ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
                        pid.next();
                        backendPid = pid.getInt(1);
                    }
                }
                cache.listeningStarted();
                LOG.debugf("Read cache listening on %s (backend %d)", ReadCache.CHANNEL, backendPid);
                backoff = reconnectMin.toMillis();
                listen(connection, pg);
            } catch (SQLException | RuntimeException e) {
                cache.listeningStopped();
                if (running) {
                    LOG.warnf("Read cache not listening (reads bypass it), reconnecting in %d ms: %s", backoff, e.toString());
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException interrupted) {
                        break; // stop() asked
                    }
                    backoff = Math.min(backoff * 2, reconnectMax.toMillis());
                }
            } finally {
                backendPid = 0;
            }
        }
        cache.listeningStopped();
    }

    private void listen(Connection connection, PGConnection pg) throws SQLException {
        int timeout = (int) Math.max(1, heartbeat.toMillis());
        int validityTimeout = (int) Math.max(1, heartbeat.toSeconds());
        while (running) {
            PGNotification[] notifications = pg.getNotifications(timeout);
            if (notifications != null && notifications.length > 0) {
                cache.invalidate();
            } else if (running && !connection.isValid(validityTimeout)) {
                throw new SQLException("listener connection no longer valid");
            }
        }
    }
}
