package io.peerage.policy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.peerage.error.NotFoundException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Holds the active policy set and swaps in a new one atomically, so that every request runs under exactly one version.
 *
 * <p>The database keeps every version and says which one is active: that is what a restart activates. The rules folder
 * is where authors write: a change there becomes a new version (author {@value #FILE_WATCHER}) when it compiles, and
 * is refused with every problem when it does not, leaving the active version in place. The API is the way in where the
 * folder is read-only, such as a Kubernetes ConfigMap; when the folder is writable, API changes are written to it too,
 * so that the two never disagree.
 */
@ApplicationScoped
public class PolicyEngine {

    private static final Logger LOG = Logger.getLogger(PolicyEngine.class);

    /** The author of versions that come from an edit of the rules folder. */
    public static final String FILE_WATCHER = "file-watcher";

    private final PolicyFolder folder;
    private final PolicyStore store;
    private final Clock clock;
    private final PolicyCompiler compiler;
    private final EvaluationBudget budget;
    private final ClassCache classCache;
    private final AtomicReference<Active> active = new AtomicReference<>();
    private volatile RefusedVersion refusedStoredVersion;
    private volatile FolderCheck lastCheck = new FolderCheck(null, null, List.of(), null);
    private volatile boolean folderWaitsForSwarm;
    private volatile ActivationGuard ownGuard;

    /** Says whether a set would repair too much of the live swarm to go in unconfirmed; none when built by hand. */
    @Inject
    Instance<ActivationGuard> guards;

    /** Tells whoever keeps live assignments in line that another set is active. */
    @Inject
    Event<PolicyActivated> activations;

    /** The active set, the version it is stored as, and when it became active and by whom. */
    public record Active(PolicySet policySet, String author, Instant activatedAt, String activatedBy) {}

    /**
     * The last look at the rules folder: when, what its files added up to, and what was wrong with them (empty when
     * they compiled or matched the active version).
     */
    public record FolderCheck(Instant checkedAt, String checksum, List<PolicyProblem> problems, Instant rejectedAt) {}

    /**
     * A stored version the check refuses, such as one stored before the check existed: it is never activated, and the
     * status and readiness name it until another version is activated.
     */
    public record RefusedVersion(int number, List<PolicyProblem> problems) {}

    @Inject
    PolicyEngine(
            @ConfigProperty(name = "peerage.rules.directory", defaultValue = "rules") Path rulesDirectory,
            @ConfigProperty(name = "peerage.policy.evaluation-budget", defaultValue = "50ms") Duration evaluationBudget,
            @ConfigProperty(name = "peerage.policy.class-cache-size", defaultValue = "256") int classCacheSize,
            PolicyStore store,
            Clock clock,
            MeterRegistry meters) {
        this.folder = new PolicyFolder(rulesDirectory);
        this.store = store;
        this.clock = clock;
        this.budget = new EvaluationBudget(evaluationBudget, clock);
        this.classCache = ClassCache.of(classCacheSize);
        this.compiler = new PolicyCompiler(PolicyEngine.class.getClassLoader());
        if (meters != null) {
            FunctionCounter.builder("peerage.policy.class-cache", classCache, ClassCache::hitCount)
                    .tag("result", "hit")
                    .description("candidates that took their class's verdicts without an evaluation of their own")
                    .register(meters);
            FunctionCounter.builder("peerage.policy.class-cache", classCache, ClassCache::missCount)
                    .tag("result", "miss")
                    .description("candidates the rules were run for: one per class, or each of an unclassed request")
                    .register(meters);
        }
    }

    /** An engine with the default class cache and no metrics. */
    PolicyEngine(Path rulesDirectory, Duration evaluationBudget, PolicyStore store, Clock clock) {
        this(rulesDirectory, evaluationBudget, ClassCache.DEFAULT_SIZE, store, clock, null);
    }

    /** Policies come before anything that classifies nodes or allocates, so this starts early. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        restoreActive();
        List<PolicyFile> files = folder.read();
        String folderChecksum = PolicyCompiler.checksum(files);
        Active restored = active.get();
        boolean matchesActive =
                restored != null && restored.policySet().checksum().equals(folderChecksum);
        Optional<Integer> stored = matchesActive ? Optional.empty() : store.numberOf(folderChecksum);
        if (restored == null) {
            // Nothing was active, so nothing live is repaired: the folder's files go in as they are. A version stored
            // before is activated again and never stored twice.
            if (stored.isPresent()) {
                activateStoredAtStart(stored.get(), files, folderChecksum);
            } else {
                syncFolder();
            }
        } else if (matchesActive) {
            lastCheck = new FolderCheck(clock.instant(), folderChecksum, List.of(), null);
        } else if (folder.isWritable() || stored.isEmpty()) {
            // Files that differ from the active version: an edit made while the service was down, or one the
            // activation guard refused before (stored, never activated). Either goes through the same guard as any
            // edit, so it waits until the swarm it would repair is restored (syncAfterSwarmRestored).
            folderWaitsForSwarm = true;
            lastCheck = new FolderCheck(null, null, List.of(), null);
        } else {
            // A read-only folder (a ConfigMap) holding a version seen before is older than what the API activated
            // since: only its changes count. Files never seen before are an edit made while the service was down.
            lastCheck = new FolderCheck(clock.instant(), folderChecksum, List.of(), null);
        }
        if (active.get() == null) {
            LOG.error("No valid policy set: the service runs with the engine's own checks only and is not ready");
            active.set(new Active(empty(), "engine", clock.instant(), "engine"));
        }
    }

    /**
     * After the swarm is restored (its restorer starts at priority 20): a folder that differs from the active version
     * is synced as any edit is, under the activation guard, which now sees the live allocations it would repair. A
     * version the guard refused before the restart stays stored and inactive, and the status says how to confirm it.
     */
    void syncAfterSwarmRestored(@Observes @Priority(25) StartupEvent event) {
        if (folderWaitsForSwarm) {
            folderWaitsForSwarm = false;
            try {
                sync(true);
            } catch (RuntimeException e) {
                // Such as a full pool of heavy work: the poll tries again, the active version runs meanwhile.
                LOG.warnf("The rules folder is synced by the next poll: %s", e.getMessage());
            }
        }
    }

    /** Activates the stored version that the folder's files are, if they still compile; else the folder is synced. */
    private void activateStoredAtStart(int number, List<PolicyFile> files, String checksum) {
        PolicyCompiler.Result result = compileRuleSet(files);
        if (!result.isValid()) {
            syncFolder();
            return;
        }
        PolicyVersion version = store.version(number).orElseThrow();
        Instant now = clock.instant();
        store.activate(number, FILE_WATCHER, now);
        swap(new Active(result.policySet().orElseThrow().numbered(number), version.author(), now, FILE_WATCHER));
        lastCheck = new FolderCheck(now, checksum, List.of(), null);
    }

    /** Looks at the rules folder every few seconds; an edit there is picked up without a restart. */
    @Scheduled(
            every = "${peerage.rules.poll-interval:2s}",
            delayed = "${peerage.rules.poll-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        syncFolder();
    }

    /**
     * Reads the rules folder and, when it changed since the last look and differs from the active version, makes it a
     * new active version. Returns the problems when it does not compile; empty otherwise.
     */
    public List<PolicyProblem> syncFolder() {
        return sync(false);
    }

    /**
     * @param atStart the first look after a restart: files that a stored version has are that version again, as a
     *     restart never stores a version twice; later, only a version the guard refused (stored, never activated) is
     *     taken as itself, and any other edit is a new version by the file watcher, even back to older files
     */
    private synchronized List<PolicyProblem> sync(boolean atStart) {
        List<PolicyFile> files = folder.read();
        String checksum = PolicyCompiler.checksum(files);
        Instant now = clock.instant();
        FolderCheck previous = lastCheck;
        if (checksum.equals(previous.checksum())) {
            lastCheck = new FolderCheck(now, checksum, previous.problems(), previous.rejectedAt());
            return previous.problems();
        }
        Active current = active.get();
        if (current != null && checksum.equals(current.policySet().checksum())) {
            lastCheck = new FolderCheck(now, checksum, List.of(), null);
            return List.of();
        }
        PolicyCompiler.Result result = compileRuleSet(files);
        if (!result.isValid()) {
            result.problems().forEach(problem -> LOG.errorf("Policy edit refused: %s", problem));
            lastCheck = new FolderCheck(now, checksum, result.problems(), now);
            return result.problems();
        }
        PolicySet edited = result.policySet().orElseThrow();
        Optional<ActivationRefusedException> refused = refusal(edited);
        if (refused.isPresent()) {
            // An edit of the folder cannot be confirmed: it is stored, not activated, and the running version stays.
            int number = store.numberOf(checksum)
                    .orElseGet(() -> store.save(
                                    edited.files(),
                                    current == null
                                            ? List.of()
                                            : current.policySet().files(),
                                    checksum,
                                    FILE_WATCHER,
                                    now)
                            .number());
            List<PolicyProblem> problems = List.of(new PolicyProblem(
                    "",
                    0,
                    0,
                    "stored as version " + number + " and not activated: "
                            + refused.get().getMessage() + " (POST /v1/policies/versions/" + number
                            + "/activate?confirm=true)"));
            LOG.warnf("Policy edit not activated: %s", problems.get(0).message());
            lastCheck = new FolderCheck(now, checksum, problems, now);
            return problems;
        }
        lastCheck = new FolderCheck(now, checksum, List.of(), null);
        Optional<Integer> stored = store.numberOf(checksum).filter(number -> atStart || !store.wasActivated(number));
        if (stored.isPresent()) {
            activateStored(stored.get(), edited, FILE_WATCHER);
        } else {
            activateNew(edited, FILE_WATCHER);
        }
        return List.of();
    }

    /**
     * Compiles proposed files and, when they are valid, stores them as a new version and activates it.
     *
     * @throws PolicyRejectedException with every problem when they do not compile; nothing changes then
     * @throws ActivationRefusedException when they would repair too many live allocations unconfirmed
     */
    public synchronized Active propose(List<PolicyFile> files, String author) {
        return propose(files, author, false);
    }

    /** As {@link #propose(List, String)}; {@code confirmed} lets a set in that repairs many live allocations. */
    public synchronized Active propose(List<PolicyFile> files, String author, boolean confirmed) {
        PolicyCompiler.Result result = compileRuleSet(files);
        if (!result.isValid()) {
            throw new PolicyRejectedException(result.problems());
        }
        PolicySet set = result.policySet().orElseThrow();
        Active current = active.get();
        if (current != null
                && current.policySet().number() > 0
                && set.checksum().equals(current.policySet().checksum())) {
            return current;
        }
        if (!confirmed) {
            refusal(set).ifPresent(refused -> {
                throw refused;
            });
        }
        return activateNew(set, author);
    }

    /** The active files with one file added or replaced. */
    public synchronized Active putFile(String name, String text, String author) {
        return putFile(name, text, author, false);
    }

    public synchronized Active putFile(String name, String text, String author, boolean confirmed) {
        List<PolicyFile> files = new ArrayList<>(current().files());
        files.removeIf(file -> file.name().equals(name));
        files.add(PolicyFile.of(name, text));
        files.sort(java.util.Comparator.comparing(PolicyFile::name));
        return propose(files, author, confirmed);
    }

    /** The active files without one file. */
    public synchronized Active deleteFile(String name, String author) {
        return deleteFile(name, author, false);
    }

    public synchronized Active deleteFile(String name, String author, boolean confirmed) {
        List<PolicyFile> files = new ArrayList<>(current().files());
        if (!files.removeIf(file -> file.name().equals(name))) {
            throw new NotFoundException("policy file", name);
        }
        return propose(files, author, confirmed);
    }

    /** Activates a stored version again, such as to roll back. */
    public synchronized Active activate(int number, String author) {
        return activate(number, author, false);
    }

    /** As {@link #activate(int, String)}; {@code confirmed} lets a set in that repairs many live allocations. */
    public synchronized Active activate(int number, String author, boolean confirmed) {
        PolicyVersion version = store.version(number)
                .orElseThrow(() -> new NotFoundException("policy version", String.valueOf(number)));
        PolicyCompiler.Result result = compiler.compile(version.files());
        if (!result.isValid()) {
            throw new PolicyRejectedException(result.problems());
        }
        PolicySet set = result.policySet().orElseThrow().numbered(number);
        if (!confirmed) {
            refusal(set).ifPresent(refused -> {
                throw refused;
            });
        }
        Instant now = clock.instant();
        store.activate(number, author, now);
        Active activated = new Active(set, version.author(), now, author);
        activated = swap(activated);
        writeFolder(activated.policySet(), now);
        announce(activated);
        return activated;
    }

    /**
     * Compiles files meant to become the active set. A set without a single rule file is refused: it would run the
     * service without its policies (no licensing, no classification), which is never what an author meant.
     */
    private PolicyCompiler.Result compileRuleSet(List<PolicyFile> files) {
        if (files.stream().noneMatch(file -> file.name().endsWith(".drl"))) {
            return new PolicyCompiler.Result(
                    Optional.empty(),
                    List.of(new PolicyProblem(
                            "",
                            0,
                            0,
                            "no .drl policy file in " + folder.directory().toAbsolutePath()
                                    + ": a policy set needs at least one. Maybe the rules folder is set wrong?")));
        }
        return compiler.compile(files);
    }

    /** Compiles files without activating them. */
    public PolicyCompiler.Result validate(List<PolicyFile> files) {
        return compiler.compile(files);
    }

    /** The policy set to use for one whole request: take it once, use it throughout. */
    public PolicySet current() {
        return active().policySet();
    }

    public Active active() {
        Active current = active.get();
        if (current == null) {
            throw new IllegalStateException("policies are read on start; none are active yet");
        }
        return current;
    }

    /** True once a valid policy set is active: the service may take requests. */
    public boolean hasValidPolicies() {
        Active current = active.get();
        return current != null && current.policySet().number() > 0;
    }

    /** Whether a name can be a file of a policy set. */
    public static boolean isPolicyFileName(String name) {
        return PolicyFolder.isPolicyFileName(name);
    }

    public FolderCheck lastFolderCheck() {
        return lastCheck;
    }

    public Path rulesDirectory() {
        return folder.directory();
    }

    public boolean isFolderWritable() {
        return folder.isWritable();
    }

    /** Stores a compiled set as a new version, activates it, and writes it to the folder when that is writable. */
    private Active activateNew(PolicySet set, String author) {
        Instant now = clock.instant();
        Active previous = active.get();
        List<PolicyFile> before =
                previous == null ? List.of() : previous.policySet().files();
        PolicyVersion version = store.save(set.files(), before, set.checksum(), author, now);
        store.activate(version.number(), author, now);
        Active activated = swap(new Active(set.numbered(version.number()), author, now, author));
        if (!FILE_WATCHER.equals(author)) {
            writeFolder(set, now);
        }
        announce(activated);
        return activated;
    }

    /** Activates a stored version whose files the folder holds; the folder needs no writing. */
    private Active activateStored(int number, PolicySet set, String author) {
        PolicyVersion version = store.version(number).orElseThrow();
        Instant now = clock.instant();
        store.activate(number, author, now);
        Active activated = swap(new Active(set.numbered(number), version.author(), now, author));
        announce(activated);
        return activated;
    }

    /** A guard of its own, for an engine built by hand (a restart in a test). */
    void guardWith(ActivationGuard guard) {
        this.ownGuard = guard;
    }

    /** Why a set may not become active unconfirmed; empty when it may, or when nothing guards (built by hand). */
    private Optional<ActivationRefusedException> refusal(PolicySet set) {
        if (ownGuard != null) {
            return ownGuard.refusal(set);
        }
        if (guards == null || !guards.isResolvable()) {
            return Optional.empty();
        }
        return guards.get().refusal(set);
    }

    /** Observers repair what the new set forbids; they only take note here, the repairs run on their own threads. */
    private void announce(Active activated) {
        if (activations != null) {
            activations.fire(new PolicyActivated(activated.policySet(), activated.activatedBy()));
        }
    }

    /** Keeps a writable folder in step with what the API activated, so that the watcher does not undo it. */
    private void writeFolder(PolicySet set, Instant now) {
        if (folder.isWritable()) {
            folder.write(set.files());
            lastCheck = new FolderCheck(now, set.checksum(), List.of(), null);
        }
    }

    private Active swap(Active given) {
        Active activated = new Active(
                given.policySet().budgeted(budget).withClassCache(classCache),
                given.author(),
                given.activatedAt(),
                given.activatedBy());
        active.set(activated);
        PolicySet set = activated.policySet();
        LOG.infof(
                "Policy version %d active (%s, by %s): %d rules from %d files",
                set.number(),
                set.checksum(),
                activated.activatedBy(),
                set.rules().size(),
                set.files().size());
        set.classes()
                .uncachedBecause()
                .filter(reason -> classCache.on() && !set.rules().isEmpty())
                .ifPresent(reason -> LOG.warnf(
                        "Policy version %d is evaluated candidate by candidate, without the class cache: %s",
                        set.number(), reason));
        return activated;
    }

    /**
     * Activates what the database says is active if it still passes the compiler and its check; otherwise the newest
     * stored version that does, and the refused one is named in the status and readiness.
     */
    private void restoreActive() {
        Optional<PolicyStore.Activation> latest = store.latestActivation();
        if (latest.isEmpty()) {
            return;
        }
        PolicyStore.Activation activation = latest.get();
        Optional<PolicyVersion> version = store.version(activation.versionNumber());
        if (version.isEmpty()) {
            return;
        }
        PolicyCompiler.Result result = compiler.compile(version.get().files());
        if (result.isValid()) {
            swap(new Active(
                    result.policySet().orElseThrow().numbered(activation.versionNumber()),
                    version.get().author(),
                    activation.activatedAt(),
                    activation.activatedBy()));
            return;
        }
        LOG.errorf(
                "Stored policy version %d is refused and stays inactive: %s",
                activation.versionNumber(), result.problems());
        refusedStoredVersion = new RefusedVersion(activation.versionNumber(), result.problems());
        int newest = store.versions(0, 1).stream().mapToInt(v -> v.number).max().orElse(0);
        for (int number = newest; number > 0; number--) {
            Optional<PolicyVersion> older = store.version(number);
            if (older.isEmpty() || number == activation.versionNumber()) {
                continue;
            }
            PolicyCompiler.Result olderResult = compiler.compile(older.get().files());
            if (olderResult.isValid()) {
                Instant now = clock.instant();
                store.activate(number, "engine", now);
                swap(new Active(
                        olderResult.policySet().orElseThrow().numbered(number),
                        older.get().author(),
                        now,
                        "engine"));
                LOG.warnf("Policy version %d activated instead: the newest stored version that passes", number);
                return;
            }
        }
    }

    /** The stored version that was refused at start, if one was. */
    public Optional<RefusedVersion> refusedStoredVersion() {
        return Optional.ofNullable(refusedStoredVersion);
    }

    private PolicySet empty() {
        PolicySet none = compiler.compile(List.of()).policySet().orElseThrow();
        return new PolicySet(none.kieBase(), List.of(), Map.of(), none.checksum(), PolicySettings.DEFAULTS, 0);
    }
}
