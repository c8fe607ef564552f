package io.peerage.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs the service on a copy of {@code rules/} that tests may edit, as authors do, without touching the real files.
 */
public class WritableRulesFolder implements QuarkusTestProfile {

    private static Path folder;

    /** The folder of this run, created on first use. */
    public static synchronized Path folder() {
        if (folder == null) {
            try {
                folder = Files.createDirectories(
                        Path.of("target", "test-rules", UUID.randomUUID().toString()));
                try (Stream<Path> files = Files.list(Path.of("rules"))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".drl")
                                    || f.getFileName().toString().equals("settings.json"))
                            .toList()) {
                        Files.copy(file, folder.resolve(file.getFileName()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("peerage.rules.directory", folder().toString());
    }
}
