package org.amhub.localinfra;

/**
 * A Kafka broker and a PostgreSQL server that services (or tests) can be pointed at. Implementations: the in-process
 * {@link EmbeddedInfrastructure}, and Testcontainers in {@code test-support}.
 */
public interface Infrastructure {

    String kafkaBootstrapServers();

    /** JDBC URL of a database that exists on the server. */
    String jdbcUrl(String database);

    String username();

    String password();

    /** Makes the broker unreachable, keeping its data. */
    void stopKafka();

    /** Brings the broker back on the same address. */
    void startKafka();
}
