package io.peerage.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The rules folder where authors write policy files: read it, and (when it is writable) write a version into it. */
final class PolicyFolder {

    /** The files that make a policy set: DRL files named plainly. */
    static final String FILE_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,100}\\.drl";

    private final Path directory;

    PolicyFolder(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** The rule files and the settings beside them; anything else in the folder (a README) is not policy. */
    static boolean isPolicyFileName(String name) {
        return name.matches(FILE_NAME) || name.equals(PolicySettings.FILE_NAME);
    }

    boolean exists() {
        return Files.isDirectory(directory);
    }

    /** Authors write here; a read-only folder (a Kubernetes ConfigMap) is changed through the API instead. */
    boolean isWritable() {
        return exists() && Files.isWritable(directory);
    }

    List<PolicyFile> read() {
        if (!exists()) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(directory)) {
            return paths.filter(path -> isPolicyFileName(path.getFileName().toString()))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .map(path -> PolicyFile.of(path.getFileName().toString(), readText(path)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the rules folder " + directory, e);
        }
    }

    /** Makes the folder hold exactly these policy files, leaving other files alone. */
    void write(List<PolicyFile> files) {
        try {
            Set<String> keep = files.stream().map(PolicyFile::name).collect(Collectors.toSet());
            for (PolicyFile existing : read()) {
                if (!keep.contains(existing.name())) {
                    Files.deleteIfExists(directory.resolve(existing.name()));
                }
            }
            for (PolicyFile file : files) {
                Path target = directory.resolve(file.name());
                if (!Files.exists(target) || !readText(target).equals(file.text())) {
                    // Write beside, then move: a reader never sees half a file.
                    Path temporary = directory.resolve("." + file.name() + ".tmp");
                    Files.writeString(temporary, file.text(), StandardCharsets.UTF_8);
                    Files.move(
                            temporary,
                            target,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rules folder " + directory, e);
        }
    }

    private static String readText(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
