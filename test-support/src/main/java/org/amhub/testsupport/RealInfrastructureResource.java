package org.amhub.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real Kafka broker and PostgreSQL of {@link TestInfrastructure}.
 * Use with {@code @WithTestResource(RealInfrastructureResource.class)}; an optional init arg {@code database} names the
 * database (default {@code amhub}).
 */
public class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private String database = "amhub";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        return Map.of(
                "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                "quarkus.datasource.jdbc.url", infrastructure.jdbcUrl(database),
                "quarkus.datasource.username", infrastructure.username(),
                "quarkus.datasource.password", infrastructure.password(),
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // The servers live for the whole JVM so that test classes share them; a shutdown hook stops them.
    }
}
