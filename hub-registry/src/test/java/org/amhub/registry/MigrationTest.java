package org.amhub.registry;

import org.amhub.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationTest {

    @Test
    void migrationsBuildTheSchemaOnAnEmptyDatabase() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        String url = infrastructure.jdbcUrl("empty_migration_check");
        MigrateResult result = Flyway.configure()
                .dataSource(url, infrastructure.username(), infrastructure.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isGreaterThanOrEqualTo(2);

        List<String> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, infrastructure.username(), infrastructure.password());
             ResultSet rs = connection.getMetaData().getTables(null, "public", "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertThat(tables).contains("hub", "outbox_message");
    }
}
