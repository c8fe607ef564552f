package io.peerage.upkeep;

import io.peerage.allocation.PolicyImpact;
import io.peerage.allocation.PolicyImpact.ForbiddenParent;
import io.peerage.budget.RunControl;
import io.peerage.journal.JournalOverloadedException;
import io.peerage.journal.JournalUnavailableException;
import io.peerage.policy.PolicyActivated;
import io.peerage.policy.PolicyEngine;
import io.peerage.policy.PolicySet;
import io.peerage.policy.Reason;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps live assignments within the active policies (trigger {@code POLICY_CHANGE}).
 *
 * <p>When a version is activated, every live allocation is queued and re-checked in batches of at most
 * {@code peerage.repair.policy-batch-size}, off the activation's thread ({@code peerage.repair.policy-batch-every},
 * and one batch in each sweep): a pair the new version forbids (HARD) is dropped and its share looked for again, and it
 * ends even when nothing replaces it. SOFT changes touch no live pair: a SOFT rule could be relaxed, and the pair was
 * chosen within the policies.
 *
 * <p>Rules that read the clock (quiet hours) can forbid a pair while nothing but time changes. The sweep looks at the
 * live pairs, at most {@code peerage.repair.clock-pairs-per-sweep} per pass, and reads for each only what those rules
 * read that depends on the clock (such as whether the parent is in its quiet hours); a pair is checked again only when
 * one of those readings changed since it was last seen (or since the allocation began), so pairs those rules do not
 * read are never re-checked.
 */
@ApplicationScoped
public class PolicyRepairs {

    private static final Logger LOG = Logger.getLogger(PolicyRepairs.class);

    /**
     * What one batch after an activation did.
     *
     * @param checked live allocations re-checked
     * @param repaired allocations that lost a forbidden parent, with a new revision
     * @param left allocations still queued for the following batches
     */
    public record Batch(int checked, List<String> repaired, int left) {}

    /**
     * What one pass over the pairs of clock-reading rules did.
     *
     * @param looked pairs whose clock readings were taken
     * @param rechecked pairs checked again because a reading changed
     * @param repaired allocations that lost a pair the clock made forbidden
     */
    public record ClockPass(int looked, int rechecked, List<String> repaired) {}

    private final Swarm swarm;
    private final PolicyEngine policies;
    private final PolicyImpact impact;
    private final Repairs repairs;
    private final Clock clock;
    private final int batchSize;
    private final int clockPairsPerSweep;
    private final Deque<String> queued = new ArrayDeque<>();
    /** The clock readings of each live pair when last seen, by allocation and parent, under one policy set. */
    private final Map<String, Map<String, List<Object>>> readings = new ConcurrentHashMap<>();

    private final Deque<String> clockCursor = new ArrayDeque<>();
    private PolicySet readingsOf;

    PolicyRepairs(
            Swarm swarm,
            PolicyEngine policies,
            PolicyImpact impact,
            Repairs repairs,
            Clock clock,
            @ConfigProperty(name = "peerage.repair.policy-batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "peerage.repair.clock-pairs-per-sweep", defaultValue = "10000")
                    int clockPairsPerSweep) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("peerage.repair.policy-batch-size must be at least 1, not " + batchSize);
        }
        if (clockPairsPerSweep < 0) {
            throw new IllegalArgumentException(
                    "peerage.repair.clock-pairs-per-sweep must be 0 (off) or more, not " + clockPairsPerSweep);
        }
        this.swarm = swarm;
        this.policies = policies;
        this.impact = impact;
        this.repairs = repairs;
        this.clock = clock;
        this.batchSize = batchSize;
        this.clockPairsPerSweep = clockPairsPerSweep;
    }

    /** Takes note only: every live allocation is queued; the batches do the work on their own threads. */
    void activated(@Observes PolicyActivated event) {
        List<String> live = swarm.assignments().stream().map(Assignment::id).toList();
        synchronized (queued) {
            queued.clear();
            queued.addAll(live);
        }
        LOG.infof(
                "Policy version %d active: %d live allocations queued for a check",
                event.policySet().number(), live.size());
    }

    @Scheduled(
            identity = "policy-repairs",
            every = "${peerage.repair.policy-batch-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (queuedCount() > 0) {
            Batch batch = repairBatch();
            if (!batch.repaired().isEmpty()) {
                LOG.infof(
                        "Policy change: %d of %d allocations repaired, %d left",
                        batch.repaired().size(), batch.checked(), batch.left());
            }
        }
    }

    /** Live allocations still to be re-checked after the last activation. */
    public int queuedCount() {
        synchronized (queued) {
            return queued.size();
        }
    }

    /**
     * One batch: at most {@code policy-batch-size} queued allocations are re-checked under the active version, and
     * those with a forbidden parent repaired. A full write queue or an unavailable database stops the batch; what is
     * left waits for the next one.
     */
    public synchronized Batch repairBatch() {
        PolicySet set = policies.current();
        Instant now = clock.instant();
        List<String> repaired = new ArrayList<>();
        int checked = 0;
        while (checked < batchSize) {
            String id;
            synchronized (queued) {
                id = queued.pollFirst();
            }
            if (id == null) {
                break;
            }
            checked++;
            Optional<Assignment> assignment = swarm.assignment(id);
            if (assignment.isEmpty()) {
                continue;
            }
            List<ForbiddenParent> forbidden = impact.forbiddenParentsOf(
                            assignment.get(), set, now, RunControl.UNLIMITED)
                    .orElse(List.of());
            if (forbidden.isEmpty()) {
                continue;
            }
            String cause = "policy version " + set.number() + " forbids this pair: " + rules(forbidden)
                    + "; the pair ends even when nothing replaces it";
            int before = repaired.size();
            if (!repair(id, forbidden, cause, repaired)) {
                synchronized (queued) {
                    queued.addFirst(id);
                }
                break;
            }
            if (repaired.size() == before && stillHasAny(id, forbidden)) {
                // Revised by someone else meanwhile, keeping a forbidden parent: checked again in a later batch.
                synchronized (queued) {
                    queued.addLast(id);
                }
            }
        }
        return new Batch(checked, List.copyOf(repaired), queuedCount());
    }

    /**
     * The sweep's part for rules that read the clock: takes the clock readings of at most
     * {@code clock-pairs-per-sweep} live pairs, going on where the last pass stopped, checks again those whose readings
     * changed, and repairs the pairs that became forbidden. Nothing to do when the active set has no such rule.
     */
    public synchronized ClockPass clockPass() {
        if (!policies.hasValidPolicies()) {
            // A sweep that runs while the service starts, before a version is active: no live pair to look at yet.
            return new ClockPass(0, 0, List.of());
        }
        PolicySet set = policies.current();
        if (set != readingsOf) {
            // Another set reads other things: the activation re-checks every pair, so the readings start again.
            readings.clear();
            clockCursor.clear();
            readingsOf = set;
        }
        if (set.clockReadingRules().isEmpty() || clockPairsPerSweep == 0) {
            return new ClockPass(0, 0, List.of());
        }
        Instant now = clock.instant();
        List<String> repaired = new ArrayList<>();
        int looked = 0;
        int rechecked = 0;
        boolean restarted = false;
        while (looked < clockPairsPerSweep) {
            if (clockCursor.isEmpty()) {
                if (restarted) {
                    break;
                }
                restarted = true;
                List<String> live =
                        swarm.assignments().stream().map(Assignment::id).toList();
                readings.keySet().retainAll(Set.copyOf(live));
                clockCursor.addAll(live);
                if (clockCursor.isEmpty()) {
                    break;
                }
            }
            String id = clockCursor.pollFirst();
            Optional<Assignment> assignment = swarm.assignment(id);
            if (assignment.isEmpty()) {
                readings.remove(id);
                continue;
            }
            Map<String, List<Object>> seen = readings.computeIfAbsent(id, any -> new ConcurrentHashMap<>());
            seen.keySet()
                    .retainAll(assignment.get().parents().stream()
                            .map(ParentShare::nodeId)
                            .collect(Collectors.toSet()));
            boolean changed = false;
            for (ParentShare parent : assignment.get().parents()) {
                looked++;
                Optional<List<Object>> current = impact.clockReadings(assignment.get(), parent.nodeId(), set, now);
                if (current.isEmpty()) {
                    continue;
                }
                List<Object> before = seen.get(parent.nodeId());
                if (before == null) {
                    // First seen: compared with what the rules read when the allocation began, when it was checked.
                    before = impact.clockReadings(
                                    assignment.get(),
                                    parent.nodeId(),
                                    set,
                                    assignment.get().createdAt())
                            .orElse(current.get());
                }
                seen.put(parent.nodeId(), current.get());
                changed |= !before.equals(current.get());
            }
            if (!changed) {
                continue;
            }
            rechecked++;
            List<ForbiddenParent> forbidden = impact.forbiddenParentsOf(
                            assignment.get(), set, now, RunControl.UNLIMITED)
                    .orElse(List.of());
            if (forbidden.isEmpty()) {
                continue;
            }
            String cause = "the clock (" + now + ") made this pair forbidden under policy version " + set.number()
                    + ": " + rules(forbidden) + " read the clock (" + String.join(", ", impact.clockChains(set))
                    + ")";
            int before = repaired.size();
            boolean written = repair(id, forbidden, cause, repaired);
            if (repaired.size() == before) {
                // Not repaired (the journal was full, or the allocation changed meanwhile): its readings are taken
                // again from its beginning next time, so the pair is checked again.
                readings.remove(id);
            }
            if (!written) {
                break;
            }
        }
        return new ClockPass(looked, rechecked, List.copyOf(repaired));
    }

    /** Repairs one allocation; false when the journal cannot take it now. */
    private boolean repair(String id, List<ForbiddenParent> forbidden, String cause, List<String> repaired) {
        Map<String, List<Reason>> reasons = new HashMap<>();
        forbidden.forEach(parent -> reasons.put(parent.parentId(), parent.reasons()));
        try {
            repairs.forbidden(id, new ForbiddenPairs(reasons, cause)).ifPresent(done -> repaired.add(id));
            return true;
        } catch (JournalOverloadedException | JournalUnavailableException e) {
            LOG.warnf("Policy change: the repair of %s waits for the next pass: %s", id, e.getMessage());
            return false;
        }
    }

    private boolean stillHasAny(String id, List<ForbiddenParent> forbidden) {
        return swarm.assignment(id)
                .map(now -> forbidden.stream().anyMatch(parent -> now.hasParent(parent.parentId())))
                .orElse(false);
    }

    /** The rules that forbid, such as {@code "A node does not serve during its quiet hours" (quiet-hours)}. */
    private static String rules(List<ForbiddenParent> forbidden) {
        Map<String, String> byRule = new LinkedHashMap<>();
        forbidden.stream()
                .flatMap(parent -> parent.reasons().stream())
                .forEach(reason ->
                        byRule.putIfAbsent(reason.rule(), "\"" + reason.rule() + "\" (" + reason.code() + ")"));
        return String.join(", ", byRule.values());
    }
}
