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
            folder = copyOfRules();
        }
        return folder;
    }

    /** A new copy of {@code rules/}, for a profile whose edits must not meet those of other test classes. */
    public static Path copyOfRules() {
        try {
            Path copy = Files.createDirectories(
                    Path.of("target", "test-rules", UUID.randomUUID().toString()));
            try (Stream<Path> files = Files.list(Path.of("rules"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".drl")
                                || f.getFileName().toString().equals("settings.json"))
                        .toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("peerage.rules.directory", folder().toString());
    }
}
