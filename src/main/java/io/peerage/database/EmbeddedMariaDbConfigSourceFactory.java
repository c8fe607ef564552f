package io.peerage.database;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In the dev profile, when no database URL is configured anywhere, supplies the URL of an embedded MariaDB, started
 * the first time the datasource asks for it. Any configured URL wins: this source has the lowest ordinal.
 */
public class EmbeddedMariaDbConfigSourceFactory implements ConfigSourceFactory {

    static final String ENABLED = "peerage.embedded-database.enabled";
    static final String DIRECTORY = "peerage.embedded-database.directory";
    /** Survives dev-mode reloads, which load this class anew: one server per JVM. */
    static final String STARTED_URL = "peerage.embedded-database.started-url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev") || "false".equalsIgnoreCase(value(context, ENABLED))) {
            return List.of();
        }
        String configured = value(context, EmbeddedMariaDb.URL_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return List.of();
        }
        String directory = value(context, DIRECTORY);
        return List.of(new LazySource(Path.of(directory == null ? "target/embedded-mariadb-dev" : directory)));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    /** Names no properties, so that listing configuration (as the build does) never starts a server. */
    private static final class LazySource implements ConfigSource {

        private final Path directory;

        LazySource(Path directory) {
            this.directory = directory;
        }

        @Override
        public Set<String> getPropertyNames() {
            return Set.of();
        }

        @Override
        public Map<String, String> getProperties() {
            return Map.of();
        }

        @Override
        public String getValue(String name) {
            return switch (name) {
                case EmbeddedMariaDb.URL_PROPERTY -> url();
                case "quarkus.datasource.username" -> EmbeddedMariaDb.USER;
                default -> null;
            };
        }

        private String url() {
            synchronized (System.getProperties()) {
                String url = System.getProperty(STARTED_URL);
                if (url == null) {
                    url = EmbeddedMariaDb.start(directory, false);
                    System.setProperty(STARTED_URL, url);
                }
                return url;
            }
        }

        @Override
        public int getOrdinal() {
            return 1;
        }

        @Override
        public String getName() {
            return "EmbeddedMariaDb";
        }
    }
}
