package org.amhub.testsupport;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Official Kafka and PostgreSQL images through Testcontainers, for machines that run a Docker engine. */
final class ContainerInfrastructure implements TestInfrastructure, AutoCloseable {

    private final KafkaContainer kafka = new KafkaContainer(System.getProperty("amhub.test.kafka-image", "apache/kafka:4.1.2"));
    private final PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(System.getProperty("amhub.test.postgres-image", "postgres:16-alpine"));

    ContainerInfrastructure() {
        kafka.start();
        postgres.start();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String jdbcUrl(String database) {
        try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(), username(), password());
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "") + "'")) {
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }

    @Override
    public String username() {
        return postgres.getUsername();
    }

    @Override
    public String password() {
        return postgres.getPassword();
    }

    @Override
    public void stopKafka() {
        kafka.getDockerClient().pauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void startKafka() {
        kafka.getDockerClient().unpauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }
}
