package io.peerage.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/** Decisions recorded before documents were compressed are compressed by the migration, and read as before. */
@QuarkusTest
class CompressedDocumentsMigrationTest {

    private static final String SCHEMA = "peerage_migration_v3";
    private static final String DOCUMENT = "{\"allocationId\":\"d-old\",\"summary\":\"recorded as text\"}";

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Test
    void a_decision_written_as_text_is_compressed_by_the_migration_and_uncompresses_to_the_same_document()
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + SCHEMA);
            statement.execute("create database " + SCHEMA);
        }
        String schemaUrl = url.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + SCHEMA);
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(schemaUrl, user, password.orElse(""))
                .locations("classpath:db/migration");
        flyway.target("2").load().migrate();
        try (Connection connection = DriverManager.getConnection(schemaUrl, user, password.orElse(""));
                Statement statement = connection.createStatement()) {
            statement.execute("insert into decision (id, decided_at, child_id, content_id, outcome, policy_version,"
                    + " summary, candidate_ids, rules, explanation) values ('d-old', now(6), 'child', 'content',"
                    + " 'ALLOCATED', 1, 'recorded as text', '[]', '[]', '" + DOCUMENT + "')");
        }

        flyway.target("latest").load().migrate();

        try (Connection connection = DriverManager.getConnection(schemaUrl, user, password.orElse(""));
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "select explanation, uncompress(explanation) from decision where id = 'd-old'")) {
            assertThat(row.next()).isTrue();
            assertThat(new String(CompressedDocument.decompress(row.getBytes(1)), StandardCharsets.UTF_8))
                    .isEqualTo(DOCUMENT);
            assertThat(new String(row.getBytes(2), StandardCharsets.UTF_8)).isEqualTo(DOCUMENT);
        } finally {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("drop database " + SCHEMA);
            }
        }
    }
}
