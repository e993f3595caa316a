package org.amhub.readcache;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.security.SimplePassword;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Starts the {@link ChangeListener} with the service (in the background: start does not wait for it) and stops it at
 * shutdown. Its connection is opened with the service datasource's own settings (URL, user, password, JDBC properties)
 * but outside the pool: it is held for as long as it lives, and one that breaks is simply dropped.
 */
@ApplicationScoped
public class ReadCacheListener {

    private final ReadCacheConfig config;
    private final ChangeListener listener;

    public ReadCacheListener(ReadCacheConfig config, ReadCache cache, AgroalDataSource dataSource) {
        this.config = config;
        this.listener = new ChangeListener(() -> open(dataSource), cache, config.heartbeat(), config.reconnectMin(),
                config.reconnectMax());
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts listening (no-op when disabled or already listening). */
    public void start() {
        if (config.enabled()) {
            listener.start();
        }
    }

    /** Stops listening: reads bypass the cache until {@link #start()}. */
    public void stop() {
        listener.stop();
    }

    /** The listening connection's PostgreSQL backend pid, 0 while not connected. */
    public int backendPid() {
        return listener.backendPid();
    }

    private static Connection open(AgroalDataSource dataSource) throws SQLException {
        AgroalConnectionFactoryConfiguration factory = dataSource.getConfiguration().connectionPoolConfiguration()
                .connectionFactoryConfiguration();
        Properties properties = new Properties();
        properties.putAll(factory.jdbcProperties());
        if (factory.principal() != null) {
            properties.setProperty("user", factory.principal().getName());
        }
        for (Object credential : factory.credentials()) {
            if (credential instanceof SimplePassword password) {
                properties.setProperty("password", password.getWord());
            }
        }
        properties.setProperty("ApplicationName", "amhub-read-cache-listener");
        Connection connection = new Driver().connect(factory.jdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL: " + factory.jdbcUrl());
        }
        connection.setAutoCommit(true);
        return connection;
    }
}
