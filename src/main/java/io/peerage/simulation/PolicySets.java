package io.peerage.simulation;

import io.peerage.policy.PolicyCompiler;
import io.peerage.policy.PolicyEngine;
import io.peerage.policy.PolicyFile;
import io.peerage.policy.PolicyRejectedException;
import io.peerage.policy.PolicySet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Policy sets for a simulation outside the service: compiled from a rules folder, as the service reads one. */
public final class PolicySets {

    private PolicySets() {}

    /** Compiles the policy files of a folder (its DRL files and settings.json). */
    public static PolicySet fromFolder(Path folder) {
        try (Stream<Path> paths = Files.list(folder)) {
            List<PolicyFile> files = paths.filter(path ->
                            PolicyEngine.isPolicyFileName(path.getFileName().toString()))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .map(PolicySets::read)
                    .toList();
            return compile(files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the rules folder " + folder, e);
        }
    }

    /** @throws PolicyRejectedException with every problem when the files do not compile */
    public static PolicySet compile(List<PolicyFile> files) {
        PolicyCompiler.Result result = new PolicyCompiler(PolicySets.class.getClassLoader()).compile(files);
        return result.policySet().orElseThrow(() -> new PolicyRejectedException(result.problems()));
    }

    private static PolicyFile read(Path path) {
        try {
            return PolicyFile.of(path.getFileName().toString(), Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
