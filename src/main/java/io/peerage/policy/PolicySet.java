package io.peerage.policy;

import io.peerage.node.CapabilityFloor;
import io.peerage.node.Classification;
import io.peerage.node.Classification.ClassificationReason;
import io.peerage.node.NodeProfile;
import io.peerage.node.PeerType;
import io.peerage.policy.check.RuleReads;
import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ClassificationRequest;
import io.peerage.policy.fact.NodeFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.kie.api.KieBase;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * A compiled, validated set of policy files: immutable, so a request that took it evaluates entirely under one version
 * while a newer set may be swapped in beside it.
 *
 * @param reads what each rule reads, by rule name (see {@link RuleReads})
 * @param checksum the SHA-256 over the files' names and texts (the settings file's too): equal files, equal checksum
 * @param settings what {@code settings.json} says, or the defaults when the set has none
 * @param number the stored version number, 0 until the set is stored
 * @param budget how long the rules may take over one request
 */
public record PolicySet(
        KieBase kieBase,
        List<PolicyFile> files,
        Map<String, RuleMetadata> rules,
        Map<String, RuleReads> reads,
        String checksum,
        PolicySettings settings,
        int number,
        EvaluationBudget budget) {

    /** No rule may run away: a session stops after this many firings and the evaluation fails. */
    static final int MAX_FIRINGS = 100_000;

    public PolicySet {
        files = List.copyOf(files);
        rules = Map.copyOf(rules);
        reads = Map.copyOf(reads);
        settings = settings == null ? PolicySettings.DEFAULTS : settings;
        budget = budget == null ? EvaluationBudget.unlimited() : budget;
    }

    public PolicySet(
            KieBase kieBase,
            List<PolicyFile> files,
            Map<String, RuleMetadata> rules,
            Map<String, RuleReads> reads,
            String checksum,
            PolicySettings settings,
            int number) {
        this(kieBase, files, rules, reads, checksum, settings, number, EvaluationBudget.unlimited());
    }

    /** A set whose reads are not known, such as one built by hand around a rule base. */
    public PolicySet(
            KieBase kieBase,
            List<PolicyFile> files,
            Map<String, RuleMetadata> rules,
            String checksum,
            PolicySettings settings,
            int number) {
        this(kieBase, files, rules, Map.of(), checksum, settings, number);
    }

    /** The same set under its stored version number. */
    public PolicySet numbered(int versionNumber) {
        return new PolicySet(kieBase, files, rules, reads, checksum, settings, versionNumber, budget);
    }

    /** The same set under another evaluation budget, its first evaluation yet to come. */
    public PolicySet budgeted(EvaluationBudget evaluationBudget) {
        return new PolicySet(kieBase, files, rules, reads, checksum, settings, number, evaluationBudget.forNewSet());
    }

    /** What one rule reads; empty for a rule this set does not have. */
    public Optional<RuleReads> readsOf(String rule) {
        return Optional.ofNullable(reads.get(rule));
    }

    /** The rules that read the clock: their verdicts can change while nothing but time does. */
    public Set<String> clockReadingRules() {
        return reads.values().stream()
                .filter(RuleReads::readsClock)
                .map(RuleReads::rule)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Every getter chain that any rule reads from one fact type, such as {@code "Candidate"}. */
    public Set<String> pathsReadFrom(String fact) {
        return reads.values().stream()
                .flatMap(read -> read.pathsOf(fact).stream())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Runs the allocation policies over one request and its candidates. The facts get this set's settings first
     * (such as {@code content.blockedCountries}), so that rules and settings of one version always go together.
     */
    public PolicyEvaluation evaluate(AllocationRequest request, Collection<Candidate> candidates) {
        Verdicts verdicts = new Verdicts(rules);
        AllocationRequest settled = request.settled(settings);
        List<Object> facts = new ArrayList<>(candidates.size() + 1);
        facts.add(settled);
        for (Candidate candidate : candidates) {
            facts.add(candidate.settled(settled.getContent(), settings));
        }
        run(verdicts, facts);
        return new PolicyEvaluation(
                number, verdicts.rejections(), verdicts.preferences(), List.copyOf(verdicts.denials()));
    }

    /**
     * Classifies a node: the reasons its declared capabilities give (which no policy can take away), plus those the
     * classification rules add, such as an implementation that is a no-install player.
     */
    public Classification classify(NodeProfile profile) {
        if (profile.kind().isInfrastructure()) {
            return Classification.regular();
        }
        Verdicts verdicts = new Verdicts(rules);
        NodeFacts node = new NodeFacts(profile, Classification.regular(), profile.uplinkKbps(), 0.5);
        run(verdicts, List.of(new ClassificationRequest(node)));
        List<ClassificationReason> reasons = new ArrayList<>(verdicts.lightweightReasons());
        Set<String> codesFromRules =
                reasons.stream().map(ClassificationReason::code).collect(Collectors.toSet());
        for (ClassificationReason floor : CapabilityFloor.reasons(profile)) {
            if (!codesFromRules.contains(floor.code())) {
                reasons.add(floor);
            }
        }
        return new Classification(reasons.isEmpty() ? PeerType.REGULAR : PeerType.LIGHTWEIGHT, reasons);
    }

    private void run(Verdicts verdicts, List<Object> facts) {
        if (rules.isEmpty()) {
            return;
        }
        KieSession session = kieBase.newKieSession();
        Clock clock = budget.clock();
        boolean budgeted = budget.applies();
        long limit = budgeted ? budget.limit().toNanos() : Long.MAX_VALUE;
        Instant start = budgeted ? clock.instant() : Instant.EPOCH;
        try {
            session.setGlobal(Verdicts.GLOBAL, verdicts);
            session.addEventListener(new DefaultAgendaEventListener() {
                private String lastFired;

                @Override
                public void beforeMatchFired(BeforeMatchFiredEvent event) {
                    // Conditions are evaluated lazily, between firings: looking before each firing bounds them too.
                    if (budgeted) {
                        Duration elapsed = Duration.between(start, clock.instant());
                        if (elapsed.toNanos() > limit) {
                            throw new PolicyTimeoutException(lastFired, elapsed, budget.limit());
                        }
                    }
                    lastFired = event.getMatch().getRule().getName();
                    verdicts.enter(lastFired);
                }
            });
            facts.forEach(session::insert);
            int fired = session.fireAllRules(MAX_FIRINGS);
            if (fired >= MAX_FIRINGS) {
                throw new PolicyRuntimeException("rules fired " + fired + " times without settling; a rule loops");
            }
        } catch (PolicyRuntimeException | PolicyTimeoutException e) {
            throw e;
        } catch (RuntimeException e) {
            PolicyTimeoutException timeout = timeoutIn(e);
            if (timeout != null) {
                throw timeout;
            }
            throw new PolicyRuntimeException("policy evaluation failed: " + e.getMessage(), e);
        } finally {
            session.dispose();
        }
    }

    /** The engine may wrap what a listener throws; the timeout is found among the causes. */
    private static PolicyTimeoutException timeoutIn(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof PolicyTimeoutException timeout) {
                return timeout;
            }
        }
        return null;
    }
}
