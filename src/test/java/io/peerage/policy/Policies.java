package io.peerage.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Policy files for tests: the real ones from the top-level {@code rules/} folder, or small ones written inline. */
final class Policies {

    static final Path RULES = Path.of("rules");

    /** What every rule file starts with: a package, the facts it uses and the {@code verdicts} global. */
    static final String HEADER = """
            package peerage.test;

            import io.peerage.policy.fact.*;
            global io.peerage.policy.Verdicts verdicts;

            """;

    private Policies() {}

    static PolicyCompiler compiler() {
        return new PolicyCompiler(Policies.class.getClassLoader());
    }

    /** Every {@code .drl} file of the rules folder, sorted by name the way the engine reads them. */
    static List<PolicyFile> rulesFolder() {
        try (Stream<Path> paths = Files.list(RULES)) {
            return paths.filter(path -> path.getFileName().toString().endsWith(".drl"))
                    .sorted()
                    .map(Policies::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PolicyFile read(String name) {
        return read(RULES.resolve(name));
    }

    private static PolicyFile read(Path path) {
        try {
            return PolicyFile.of(path.getFileName().toString(), Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rule file with the usual header and the given rules. */
    static PolicyFile file(String name, String rules) {
        return PolicyFile.of(name, HEADER + rules);
    }

    /** Compiles files that must be valid, failing with every problem when they are not. */
    static PolicySet compile(PolicyFile... files) {
        PolicyCompiler.Result result = compiler().compile(List.of(files));
        assertThat(result.problems()).as("problems compiling the policy files").isEmpty();
        return result.policySet().orElseThrow();
    }

    static PolicySet compile(List<PolicyFile> files) {
        return compile(files.toArray(PolicyFile[]::new));
    }

    /** Compiles files that must be refused, returning what is wrong with them. */
    static List<PolicyProblem> problems(PolicyFile... files) {
        PolicyCompiler.Result result = compiler().compile(List.of(files));
        assertThat(result.isValid()).as("the policy files compile").isFalse();
        assertThat(result.policySet()).isEmpty();
        return result.problems();
    }
}
