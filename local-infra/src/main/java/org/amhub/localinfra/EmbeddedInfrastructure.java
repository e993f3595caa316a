package org.amhub.localinfra;

/**
 * Kafka in this JVM and PostgreSQL from Maven-shipped binaries, both throw-away (temp directories). An externally
 * given broker ({@code KAFKA_BOOTSTRAP_SERVERS}) is honoured.
 */
public class EmbeddedInfrastructure implements Infrastructure, AutoCloseable {

    private final LocalKafka kafka;
    private final String externalKafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    private final LocalPostgres postgres = LocalPostgres.start(0, null);

    public EmbeddedInfrastructure() {
        kafka = externalKafka == null ? LocalKafka.start(0, null) : null;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka == null ? externalKafka : kafka.bootstrapServers();
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.createDatabase(database);
    }

    @Override
    public String username() {
        return LocalPostgres.USER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public void stopKafka() {
        requireOwnBroker().stop();
    }

    @Override
    public void startKafka() {
        requireOwnBroker().start();
    }

    private LocalKafka requireOwnBroker() {
        if (kafka == null) {
            throw new IllegalStateException("The broker at " + externalKafka + " is not ours to stop");
        }
        return kafka;
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        postgres.close();
    }
}
