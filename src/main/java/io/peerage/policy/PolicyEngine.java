package io.peerage.policy;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Holds the active policy set and swaps in a new one atomically. Files are read from the rules folder at run time, so
 * that business users change policies without a release; a set that does not compile is refused with every problem
 * and the previous set stays active.
 */
@ApplicationScoped
public class PolicyEngine {

    private static final Logger LOG = Logger.getLogger(PolicyEngine.class);

    private final Path rulesDirectory;
    private final Clock clock;
    private final PolicyCompiler compiler;
    private final AtomicReference<Active> active = new AtomicReference<>();
    private volatile List<PolicyProblem> lastProblems = List.of();

    /** The active set and when it became active. */
    public record Active(PolicySet policySet, Instant activatedAt) {}

    PolicyEngine(
            @ConfigProperty(name = "peerage.rules.directory", defaultValue = "rules") Path rulesDirectory,
            Clock clock) {
        this.rulesDirectory = rulesDirectory;
        this.clock = clock;
        this.compiler = new PolicyCompiler(PolicyEngine.class.getClassLoader());
    }

    /** Policies come before anything that classifies nodes or allocates, so this starts early. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        reload();
    }

    /** Reads and compiles the rules folder; activates it when valid. Returns the problems, empty when activated. */
    public synchronized List<PolicyProblem> reload() {
        List<PolicyFile> files = readFolder();
        PolicyCompiler.Result result = compiler.compile(files);
        lastProblems = result.problems();
        if (result.isValid()) {
            PolicySet set = result.policySet().orElseThrow();
            active.set(new Active(set, clock.instant()));
            LOG.infof(
                    "Policy set %s active: %d rules from %d files in %s",
                    set.version(), set.rules().size(), files.size(), rulesDirectory.toAbsolutePath());
        } else {
            result.problems().forEach(problem -> LOG.errorf("Policy rejected: %s", problem));
            if (active.get() == null) {
                LOG.error("No valid policy set yet: running with the engine's own checks only");
                activateEmpty();
            } else {
                LOG.warnf("Keeping policy set %s", active.get().policySet().version());
            }
        }
        return result.problems();
    }

    /** Compiles files without activating them. */
    public PolicyCompiler.Result validate(List<PolicyFile> files) {
        return compiler.compile(files);
    }

    /** The policy set to use for one whole request: take it once, use it throughout. */
    public PolicySet current() {
        Active current = active.get();
        if (current == null) {
            reload();
            current = active.get();
        }
        return current.policySet();
    }

    public Active active() {
        current();
        return active.get();
    }

    /** What was wrong with the folder at the last reload; empty when the folder is what is active. */
    public List<PolicyProblem> lastProblems() {
        return lastProblems;
    }

    public Path rulesDirectory() {
        return rulesDirectory;
    }

    private void activateEmpty() {
        PolicySet empty = compiler.compile(List.of()).policySet().orElseThrow();
        active.set(new Active(new PolicySet(empty.kieBase(), List.of(), Map.of(), "none"), clock.instant()));
    }

    private List<PolicyFile> readFolder() {
        if (!Files.isDirectory(rulesDirectory)) {
            LOG.warnf("Rules folder %s does not exist", rulesDirectory.toAbsolutePath());
            return List.of();
        }
        try (Stream<Path> paths = Files.list(rulesDirectory)) {
            return paths.filter(path -> isPolicyFile(path.getFileName().toString()))
                    .sorted()
                    .map(path -> PolicyFile.of(path.getFileName().toString(), read(path)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list rules folder " + rulesDirectory, e);
        }
    }

    /** The rule files and the settings beside them; anything else in the folder (a README) is not policy. */
    static boolean isPolicyFile(String name) {
        return name.endsWith(".drl") || name.equals(PolicySettings.FILE_NAME);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
