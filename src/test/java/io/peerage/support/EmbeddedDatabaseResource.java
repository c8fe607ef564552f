package io.peerage.support;

import io.peerage.database.EmbeddedMariaDb;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives every test the embedded MariaDB, unless a database URL is configured (for example the machine's own server:
 * {@code QUARKUS_DATASOURCE_JDBC_URL=jdbc:mariadb://127.0.0.1:3306/peerage_test}).
 */
public class EmbeddedDatabaseResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        if (EmbeddedMariaDb.configuredUrl().isPresent()) {
            return Map.of();
        }
        String url = EmbeddedMariaDb.start(Path.of("target", "embedded-mariadb"));
        return Map.of(
                EmbeddedMariaDb.URL_PROPERTY,
                url,
                "quarkus.datasource.username",
                "root",
                "quarkus.datasource.password",
                "");
    }

    @Override
    public void stop() {
        // The server lives as long as the JVM: several test profiles reuse it, and a shutdown hook stops it.
    }
}
