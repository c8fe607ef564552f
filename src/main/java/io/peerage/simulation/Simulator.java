package io.peerage.simulation;

import io.peerage.audit.RepairTrigger;
import io.peerage.budget.RunControl;
import io.peerage.content.Content;
import io.peerage.content.ContentKind;
import io.peerage.node.Classification;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.policy.PolicySet;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import io.peerage.upkeep.DeliveryWatch;
import io.peerage.upkeep.Leases;
import io.peerage.upkeep.LostShare;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One run of a population through one allocator, in simulated time: an event loop of arrivals, departures, failures,
 * heartbeats, sweeps, asks again and completed downloads. Nothing sleeps and nothing reads the wall clock but the
 * run's own timing.
 *
 * <p>With an allocator that repairs (Peerage's), the run keeps its children fed as the service does: every viewer
 * sends a heartbeat each interval, with what it received from each parent; a sweep each interval makes SILENT the nodes
 * whose lease ran out ({@link Leases#expired(Instant, Instant, Duration, Duration)}), and a failed parent's children
 * are repaired: only the lost share is looked for again ({@link LostShare}), the other parents keep theirs. A parent
 * that leaves is repaired at once (PARENT_LEFT); one that crashes is found by its silence (PARENT_SILENT). Children
 * never ask again for a lost parent. With the tracker, a node that leaves or crashes ends every allocation it is in,
 * and each child notices after {@code reaskSeconds} and asks again, as it notices a parent that sends nothing.
 *
 * <p>Either way a child answered with less than the rate asks again after {@code retrySeconds}, doubling up to a
 * minute, and a child always plays (or downloads) at the content's rate: what its parents do not send comes from the
 * CDN as a fallback.
 */
final class Simulator {

    /** Simulated time starts here: a fixed instant, so that time-dependent rules see the same clock every run. */
    static final Instant START = Instant.parse("2025-06-14T18:00:00Z");

    static final int MAX_RETRY_SECONDS = 60;

    /** A pair whose parent sent nothing (or too little) is not made again for this long, as the service's pair bar. */
    static final double PAIR_BAR_SECONDS = 600;

    private final Scenario scenario;
    private final Population population;
    private final Content content;
    private final Swarm swarm;
    private final Allocator allocator;
    private final Function<NodeProfile, Classification> classifier;
    private final List<String> blockedCountries;
    private final int maxParents;
    private final long required;
    private final double duration;
    private final double reaskSeconds;
    private final double retrySeconds;
    private final boolean file;
    private final RunControl control;
    private final boolean repairs;
    private final int interval;
    private final int missedIntervals;
    private final Duration lease;
    private final double slowShare;
    private final DeliveryWatch.Settings watchSettings;

    private final PriorityQueue<Event> events =
            new PriorityQueue<>(Comparator.comparingDouble(Event::time).thenComparingLong(Event::sequence));
    private long sequence;
    private double now;
    private long assignmentIds;

    private final Map<String, Child> children = new HashMap<>();
    private final Map<String, Set<String>> holdersByIsp = new HashMap<>();
    /** Failed nodes still in the swarm: stalled and slow ones, and crashed ones until their lease runs out. */
    private final Map<String, FailureKind> failed = new HashMap<>();
    /** Viewers in the swarm, with their lease's last renewal (the last heartbeat, else the join), in seconds. */
    private final Map<String, Double> renewedAt = new LinkedHashMap<>();
    /** Repaired allocations still short of the rate, with the trigger of their repair: the sweep tries them again. */
    private final Map<String, RepairTrigger> pending = new LinkedHashMap<>();
    /** For each child, the parents it must not be paired with again, and until when. */
    private final Map<String, Map<String, Double>> bars = new HashMap<>();

    // What the run measures.
    private int requests;
    private int reasks;
    private int retries;
    private int withoutParent;
    private int belowRate;
    private int denied;
    private int relaxedDecisions;
    private final Map<String, Integer> violations = new TreeMap<>();
    private int violationsInRepairs;
    private int parentLosses;
    private int parentFailures;
    private final List<Double> recoveries = new ArrayList<>();
    private final List<Double> detectionToRepair = new ArrayList<>();
    private int losses;
    private int repairedWithinOneInterval;
    private int repairedLater;
    private final Map<String, Integer> repairsByTrigger = new TreeMap<>();
    private final List<Double> belowRatePerInterval = new ArrayList<>();
    private final Set<String> childrenBelowRate = new LinkedHashSet<>();
    private double peerKbit;
    private double peerLocalKbit;
    private double peerKbitWhereLocal;
    private double peerLocalKbitWhereLocal;
    private double cdnKbit;
    private double fallbackKbit;
    private double childSeconds;
    private double starvedSeconds;

    Simulator(
            Scenario scenario,
            Population population,
            Content content,
            Swarm swarm,
            Allocator allocator,
            Function<NodeProfile, Classification> classifier,
            PolicySet truth,
            int maxParents,
            RunControl control) {
        this.scenario = scenario;
        this.control = control;
        this.population = population;
        this.content = content;
        this.swarm = swarm;
        this.allocator = allocator;
        this.classifier = classifier;
        this.blockedCountries = truth.settings().provider(content.provider()).blockedCountries();
        this.maxParents = maxParents;
        this.required = content.bitrateKbps();
        this.duration = scenario.durationSeconds();
        this.reaskSeconds = scenario.reaskSeconds() == null ? 5 : scenario.reaskSeconds();
        this.retrySeconds = scenario.retrySeconds() == null ? 5 : scenario.retrySeconds();
        this.file = content.kind() == ContentKind.FILE;
        this.repairs = allocator.repairs();
        Scenario.Heartbeat heartbeat = scenario.heartbeatOrDefault();
        this.interval = heartbeat.interval();
        this.missedIntervals = heartbeat.missed();
        this.lease = Duration.ofSeconds((long) interval * missedIntervals);
        this.slowShare = scenario.failuresOrDefault().slow();
        this.watchSettings = heartbeat.watch();
    }

    private enum Kind {
        ARRIVE,
        LEAVE,
        FAIL,
        HEARTBEAT,
        SWEEP,
        REASK,
        RETRY,
        COMPLETE
    }

    private record Event(
            double time, long sequence, Kind kind, String nodeId, int generation, Population.Viewer viewer) {}

    /** A node that needs the content, and what it gets now. */
    private static final class Child {
        final LiveNode node;
        double since;
        boolean needs = true;
        List<Flow> flows = List.of();
        long effectiveKbps;
        boolean localExisted;
        /** Tracker: when it lost a parent it has not yet asked again for. */
        double lostAt = Double.NaN;
        /** Lost parents found, not yet replaced. */
        final List<Loss> open = new ArrayList<>();

        int generation;
        int retriesInARow;

        Child(LiveNode node, double since) {
            this.node = node;
            this.since = since;
        }
    }

    /**
     * One parent's share as it really flows: a pair that cannot connect sends nothing, a failed parent nothing or too
     * little. {@code kbit} is what the child received from it so far, as its reports say; {@code watch} is the
     * service's reading of those reports.
     */
    private static final class Flow {
        final String parentId;
        final long rateKbps;
        final boolean peer;
        final boolean local;
        final boolean works;
        final DeliveryWatch watch;
        double kbit;
        double reportedKbit;
        double reportedAt;
        /** What a slow parent can send this child at most. */
        double capKbps = Double.POSITIVE_INFINITY;
        /** Since when the parent sends less than the share; NaN while it sends it. */
        double brokenAt = Double.NaN;

        Flow(String parentId, long rateKbps, boolean peer, boolean local, boolean works, DeliveryWatch watch) {
            this.parentId = parentId;
            this.rateKbps = rateKbps;
            this.peer = peer;
            this.local = local;
            this.works = works;
            this.watch = watch;
        }

        /** The same pair with another share, as a repair that keeps it makes it. */
        Flow withShare(long kbps) {
            Flow flow = new Flow(parentId, kbps, peer, local, works, watch);
            flow.kbit = kbit;
            flow.reportedKbit = reportedKbit;
            flow.reportedAt = reportedAt;
            flow.capKbps = capKbps;
            if (kbps > capKbps) {
                flow.brokenAt = brokenAt;
            }
            return flow;
        }
    }

    /** A lost parent: since when it sent less than its share, and when that was found. */
    private record Loss(double brokenAt, double detectedAt) {}

    RunReport run(String name, String policies) {
        long started = System.nanoTime();
        for (NodeProfile profile : population.infrastructure()) {
            LiveNode node = join(profile);
            hold(node);
        }
        for (NodeProfile profile : population.seeds()) {
            LiveNode node = join(profile);
            hold(node);
        }
        for (Population.Viewer viewer : population.viewers()) {
            if (viewer.arrival() < duration) {
                schedule(viewer.arrival(), Kind.ARRIVE, viewer.profile().id(), 0, viewer);
            }
        }
        schedule(interval, Kind.SWEEP, null, 0, null);
        while (!events.isEmpty() && events.peek().time() < duration) {
            control.tick();
            Event event = events.poll();
            now = event.time();
            switch (event.kind()) {
                case ARRIVE -> arrive(event.viewer());
                case LEAVE -> leave(event.nodeId());
                case FAIL -> fail(event.viewer());
                case HEARTBEAT -> heartbeat(event.nodeId());
                case SWEEP -> sweep();
                case REASK -> askAgain(event, true);
                case RETRY -> askAgain(event, false);
                case COMPLETE -> complete(event.nodeId());
            }
        }
        now = duration;
        int belowAtEnd = 0;
        int unrepaired = 0;
        for (Child child : children.values()) {
            flush(child);
            if (child.needs && child.effectiveKbps < required) {
                belowAtEnd++;
            }
            for (Loss loss : child.open) {
                if (duration - loss.detectedAt() > interval) {
                    unrepaired++;
                }
            }
        }
        return report(name, policies, belowAtEnd, unrepaired, (System.nanoTime() - started) / 1_000_000);
    }

    private LiveNode join(NodeProfile profile) {
        return swarm.join(profile, classifier.apply(profile), START.plusMillis((long) (now * 1000)));
    }

    private void hold(LiveNode node) {
        swarm.hold(node, content.id(), 1.0);
        allocator.holds(node, true);
        if (node.profile().kind() == NodeKind.CLIENT) {
            holdersByIsp
                    .computeIfAbsent(isp(node), isp -> new LinkedHashSet<>())
                    .add(node.id());
        }
    }

    private void arrive(Population.Viewer viewer) {
        LiveNode node = join(viewer.profile());
        Child child = new Child(node, now);
        children.put(node.id(), child);
        renewedAt.put(node.id(), now);
        if (viewer.failure() != null && viewer.failsAt() < duration) {
            schedule(viewer.failsAt(), Kind.FAIL, node.id(), 0, viewer);
        }
        if (!viewer.crashes() && viewer.end() < duration) {
            schedule(viewer.end(), Kind.LEAVE, node.id(), 0, null);
        }
        schedule(now + interval, Kind.HEARTBEAT, node.id(), 0, null);
        if (file) {
            schedule(now + Population.downloadSeconds(scenario.content()), Kind.COMPLETE, node.id(), 0, null);
        }
        ask(child);
    }

    private void askAgain(Event event, boolean afterLoss) {
        Child child = children.get(event.nodeId());
        if (child == null || !child.needs || child.generation != event.generation()) {
            return;
        }
        if (afterLoss) {
            reasks++;
        } else {
            retries++;
        }
        ask(child);
    }

    private void ask(Child child) {
        flush(child);
        LiveNode node = child.node;
        if (!Double.isNaN(child.lostAt)) {
            // The child asks again: the loss is found now.
            child.open.add(new Loss(child.lostAt, now));
            losses++;
            child.lostAt = Double.NaN;
        }
        swarm.assignmentOf(node.id(), content.id()).ifPresent(previous -> {
            swarm.unassign(previous.id());
            pending.remove(previous.id());
        });
        long minimumShare = (required + maxParents - 1) / maxParents;
        child.localExisted = localParentExists(node, minimumShare);
        requests++;
        Allocator.Answer answer = allocator.allocate(node, content, maxParents, at());
        if (answer.denied()) {
            denied++;
        }
        if (!answer.relaxed().isEmpty()) {
            relaxedDecisions++;
        }
        List<Flow> flows = new ArrayList<>();
        if (!answer.parents().isEmpty()) {
            swarm.assign(new Assignment(
                    "a" + ++assignmentIds,
                    node.id(),
                    content.id(),
                    required,
                    answer.parents(),
                    answer.relaxed(),
                    "",
                    at(),
                    maxParents));
            String country = node.profile().network().country();
            if (country != null && blockedCountries.contains(country)) {
                violations.merge("geo-blocked", 1, Integer::sum);
            }
            answer.parents().forEach(share -> flows.add(flow(node, share, false)));
        }
        child.flows = flows;
        refresh(child);
        child.generation++;
        if (!answer.parents().isEmpty()) {
            replaced(child);
        }
        if (answer.parents().isEmpty()) {
            withoutParent++;
        }
        if (!repairs && flows.stream().anyMatch(flow -> !Double.isNaN(flow.brokenAt))) {
            // A parent that sends nothing: the child notices, as it notices a parent gone.
            child.lostAt = now;
            schedule(now + reaskSeconds, Kind.REASK, node.id(), child.generation, null);
        } else if (child.effectiveKbps < required) {
            belowRate++;
            childrenBelowRate.add(node.id());
            int wait = (int) Math.min(MAX_RETRY_SECONDS, retrySeconds * (1L << Math.min(child.retriesInARow, 10)));
            child.retriesInARow++;
            schedule(now + wait, Kind.RETRY, node.id(), child.generation, null);
        } else {
            child.retriesInARow = 0;
        }
        if (!file && child.effectiveKbps > 0 && !node.holds(content.id())) {
            hold(node);
        }
    }

    /** A new pair, checked against the HARD promises; broken from the start when its parent has failed already. */
    private Flow flow(LiveNode child, ParentShare share, boolean byRepair) {
        LiveNode parent = swarm.node(share.nodeId()).orElseThrow();
        boolean works = audit(child, parent, byRepair);
        Flow flow = new Flow(
                share.nodeId(),
                share.rateKbps(),
                parent.profile().kind() == NodeKind.CLIENT,
                isp(parent).equals(isp(child)),
                works,
                new DeliveryWatch(at(), watchSettings));
        flow.reportedAt = now;
        FailureKind failure = failed.get(share.nodeId());
        if (failure == FailureKind.SLOW) {
            flow.capKbps = share.rateKbps() * slowShare;
        }
        if (works && failure != null) {
            flow.brokenAt = now;
        }
        return flow;
    }

    /** What a pair really sends now: nothing when it cannot work, what a failed parent still sends. */
    private double deliveredKbps(Flow flow) {
        if (!flow.works) {
            return 0;
        }
        FailureKind failure = failed.get(flow.parentId);
        if (failure == null) {
            return flow.rateKbps;
        }
        return failure == FailureKind.SLOW ? Math.min(flow.rateKbps, flow.capKbps) : 0;
    }

    /** The rate the child gets from its parents now, at most the content's. */
    private void refresh(Child child) {
        double total = 0;
        for (Flow flow : child.flows) {
            total += deliveredKbps(flow);
        }
        child.effectiveKbps = Math.min((long) total, required);
    }

    /** The child got a new parent: the losses found are replaced, and measured. */
    private void replaced(Child child) {
        for (Loss loss : child.open) {
            recoveries.add(now - loss.brokenAt());
            double found = now - loss.detectedAt();
            detectionToRepair.add(found);
            if (found <= interval) {
                repairedWithinOneInterval++;
            } else {
                repairedLater++;
            }
        }
        child.open.clear();
    }
    /** Checks one pair against the HARD promises; false when the pair cannot work at all. */
    private boolean audit(LiveNode child, LiveNode parent, boolean byRepair) {
        int before = violations.values().stream().mapToInt(Integer::intValue).sum();
        boolean works = true;
        if (child.classification().isLightweight() && parent.classification().isLightweight()) {
            violations.merge("lightweight-to-lightweight", 1, Integer::sum);
            works = false;
        }
        if (!parent.profile().capabilities().canForward()) {
            violations.merge("cannot-forward", 1, Integer::sum);
            works = false;
        }
        if (!child.profile().capabilities().admits(parent.id(), parent.profile().kind())) {
            violations.merge("not-on-access-list", 1, Integer::sum);
            works = false;
        }
        if (parent.id().equals(child.id())) {
            violations.merge("is-the-child", 1, Integer::sum);
            works = false;
        }
        if (byRepair) {
            violationsInRepairs +=
                    violations.values().stream().mapToInt(Integer::intValue).sum() - before;
        }
        return works;
    }

    /** Whether a peer of the child's ISP could serve it now: compatible, and with spare uplink for a share. */
    private boolean localParentExists(LiveNode child, long minimumShare) {
        Set<String> local = holdersByIsp.get(isp(child));
        if (local == null) {
            return false;
        }
        for (String id : local) {
            if (id.equals(child.id())) {
                continue;
            }
            LiveNode parent = swarm.node(id).orElse(null);
            if (parent == null
                    || parent.spareKbps() < minimumShare
                    || !parent.profile().capabilities().canForward()
                    || (child.classification().isLightweight()
                            && parent.classification().isLightweight())
                    || !child.profile()
                            .capabilities()
                            .admits(id, parent.profile().kind())) {
                continue;
            }
            return true;
        }
        return false;
    }

    /** A viewer leaves with a word: the service repairs its children at once; the tracker's ask again. */
    private void leave(String nodeId) {
        if (repairs) {
            depart(nodeId, RepairTrigger.PARENT_LEFT);
        } else {
            endEverything(nodeId, false);
        }
    }

    /**
     * A viewer fails. It stops playing; what it sends its children from now on is what it really sends: nothing when
     * it crashed or stalled, too little when it is slow. A crashed one stops heartbeating too, so its lease runs out.
     * The tracker hears of a crash at once, as of a departure; its children notice a parent that sends nothing.
     */
    private void fail(Population.Viewer viewer) {
        String nodeId = viewer.profile().id();
        if (swarm.node(nodeId).isEmpty()) {
            return;
        }
        if (viewer.crashes()) {
            Child crashed = children.remove(nodeId);
            if (crashed != null) {
                flush(crashed);
            }
            if (!repairs) {
                endEverything(nodeId, true);
                return;
            }
        }
        List<Child> served = new ArrayList<>();
        for (Assignment assignment : swarm.assignmentsAsParent(nodeId)) {
            Child child = children.get(assignment.childId());
            if (child != null) {
                flush(child);
                served.add(child);
            }
        }
        failed.put(nodeId, viewer.failure());
        for (Child child : served) {
            for (Flow flow : child.flows) {
                if (flow.parentId.equals(nodeId) && flow.works && Double.isNaN(flow.brokenAt)) {
                    flow.brokenAt = now;
                    flow.capKbps = flow.rateKbps * slowShare;
                }
            }
            refresh(child);
            parentLosses++;
            parentFailures++;
            if (child.effectiveKbps < required) {
                childrenBelowRate.add(child.node.id());
            }
            if (!repairs && viewer.failure() == FailureKind.STALL && Double.isNaN(child.lostAt)) {
                child.lostAt = now;
                schedule(now + reaskSeconds, Kind.REASK, child.node.id(), child.generation, null);
            }
        }
    }

    /** A heartbeat renews the node's lease; a child's says what it received from each parent. */
    private void heartbeat(String nodeId) {
        if (!renewedAt.containsKey(nodeId) || failed.get(nodeId) == FailureKind.CRASH) {
            return;
        }
        renewedAt.put(nodeId, now);
        Child child = children.get(nodeId);
        if (child != null && child.needs) {
            flush(child);
            if (repairs) {
                report(child);
            }
        }
        schedule(now + interval, Kind.HEARTBEAT, nodeId, 0, null);
    }

    /**
     * What a child's heartbeat reports of each parent (the bytes received so far and the rate since the last report),
     * read as the service reads it: a parent that sent nothing new is replaced (NO_DATA); one that stays below its
     * share (CONGESTION) keeps what it delivers while a parent is added for the rest, or is replaced when the
     * allocation has no room for one more. Either pair is then barred for the child.
     */
    private void report(Child child) {
        Assignment current = swarm.assignmentOf(child.node.id(), content.id()).orElse(null);
        if (current == null) {
            return;
        }
        Set<String> noData = new LinkedHashSet<>();
        Map<String, Long> congested = new LinkedHashMap<>();
        for (Flow flow : child.flows) {
            double seconds = now - flow.reportedAt;
            long rate = seconds > 0 ? Math.round((flow.kbit - flow.reportedKbit) / seconds) : flow.rateKbps;
            flow.reportedKbit = flow.kbit;
            flow.reportedAt = now;
            DeliveryWatch.Verdict verdict =
                    flow.watch.observe(new DeliveryWatch.Reading((long) (flow.kbit * 125), rate, at()), flow.rateKbps);
            if (verdict == DeliveryWatch.Verdict.NO_DATA) {
                noData.add(flow.parentId);
            } else if (verdict == DeliveryWatch.Verdict.CONGESTION) {
                congested.put(flow.parentId, flow.watch.deliveredKbps());
            }
        }
        if (!noData.isEmpty()) {
            noData.forEach(parentId -> bar(child, parentId));
            repair(current, current, noData, RepairTrigger.NO_DATA, true);
        } else if (!congested.isEmpty() && current.atMaxParents()) {
            congested.keySet().forEach(parentId -> bar(child, parentId));
            repair(current, current, congested.keySet(), RepairTrigger.CONGESTION, true);
        } else if (!congested.isEmpty()) {
            // A parent that delivers nothing keeps nothing.
            List<ParentShare> reduced = current.parents().stream()
                    .filter(parent -> congested.getOrDefault(parent.nodeId(), 1L) > 0)
                    .map(parent -> congested.containsKey(parent.nodeId())
                            ? new ParentShare(
                                    parent.nodeId(),
                                    parent.kind(),
                                    parent.peerType(),
                                    congested.get(parent.nodeId()),
                                    parent.connect())
                            : parent)
                    .toList();
            repair(current, current.revised(reduced, ""), Set.of(), RepairTrigger.CONGESTION, true);
        }
    }

    private void bar(Child child, String parentId) {
        bars.computeIfAbsent(child.node.id(), id -> new HashMap<>()).put(parentId, now + PAIR_BAR_SECONDS);
    }

    /**
     * The service's sweep, each interval: the nodes whose lease ran out become SILENT and their children are repaired,
     * then the repairs still short of the rate are tried again. Also counts the children below the rate.
     */
    private void sweep() {
        schedule(now + interval, Kind.SWEEP, null, 0, null);
        if (repairs) {
            List<String> expired = new ArrayList<>();
            for (Map.Entry<String, Double> entry : renewedAt.entrySet()) {
                if (Leases.expired(at(entry.getValue()), at(), lease, Duration.ZERO)) {
                    expired.add(entry.getKey());
                }
            }
            expired.forEach(nodeId -> depart(nodeId, RepairTrigger.PARENT_SILENT));
            for (Map.Entry<String, RepairTrigger> retry : List.copyOf(pending.entrySet())) {
                swarm.assignment(retry.getKey())
                        .ifPresentOrElse(
                                assignment -> repair(assignment, assignment, Set.of(), retry.getValue(), false),
                                () -> pending.remove(retry.getKey()));
            }
        }
        int below = 0;
        for (Child child : children.values()) {
            if (child.needs && child.effectiveKbps < required) {
                below++;
            }
        }
        belowRatePerInterval.add((double) below);
    }

    /**
     * A node leaves the service's swarm (it left, or went SILENT): out of the holders first, so that no repair takes
     * it, then every allocation it served is repaired and the ones it received end.
     */
    private void depart(String nodeId, RepairTrigger trigger) {
        Child leaving = children.remove(nodeId);
        if (leaving != null) {
            flush(leaving);
        }
        renewedAt.remove(nodeId);
        List<Assignment> served = swarm.assignmentsAsParent(nodeId);
        List<Assignment> received = swarm.assignmentsAsChild(nodeId);
        unhold(nodeId);
        swarm.leave(nodeId);
        for (Assignment assignment : served) {
            Child child = children.get(assignment.childId());
            if (child != null && trigger == RepairTrigger.PARENT_LEFT) {
                parentLosses++;
            }
            repair(assignment, assignment, Set.of(nodeId), trigger, true);
        }
        for (Assignment assignment : received) {
            swarm.unassign(assignment.id());
            pending.remove(assignment.id());
        }
        failed.remove(nodeId);
    }

    /**
     * A repair as the service makes it: the lost parents' shares go, only the missing rate is looked for, by the same
     * pipeline and policies, with the kept parents and the child's barred pairs excluded. A first attempt is a new
     * revision even when it finds nothing; a retry changes nothing unless it finds parents.
     */
    private void repair(
            Assignment current, Assignment base, Set<String> lost, RepairTrigger trigger, boolean firstAttempt) {
        LiveNode node = swarm.node(current.childId()).orElse(null);
        if (node == null) {
            pending.remove(current.id());
            return;
        }
        LostShare share = LostShare.of(base, lost);
        if (share.nothingLost(current)) {
            pending.remove(current.id());
            return;
        }
        // The child may have crashed unseen: the service repairs its allocation all the same.
        Child child = children.get(current.childId());
        if (child != null) {
            flush(child);
        }
        Allocator.Answer answer = allocator.repair(node, content, share, barred(node.id()), at());
        if (!firstAttempt && answer.parents().isEmpty()) {
            return;
        }
        Assignment revised = current.revised(share.parents(answer.parents()), "");
        swarm.revise(current, revised);
        // What the revision no longer reserves on a parent (all of a dropped one's share) is given back.
        for (ParentShare before : current.parents()) {
            long after = revised.parents().stream()
                    .filter(parent -> parent.nodeId().equals(before.nodeId()))
                    .mapToLong(ParentShare::rateKbps)
                    .sum();
            if (after < before.rateKbps()) {
                swarm.release(before.nodeId(), before.rateKbps() - after);
            }
        }
        repairsByTrigger.merge(trigger.name(), 1, Integer::sum);
        if (answer.denied()) {
            denied++;
        }
        if (!answer.relaxed().isEmpty()) {
            relaxedDecisions++;
        }
        if (revised.coveredKbps() < revised.requiredKbps()) {
            pending.put(current.id(), trigger);
        } else {
            pending.remove(current.id());
        }
        if (child == null) {
            answer.parents().forEach(parent -> flow(node, parent, true));
            return;
        }
        List<Flow> flows = new ArrayList<>();
        for (Flow flow : child.flows) {
            long kept = share.kept().stream()
                    .filter(parent -> parent.nodeId().equals(flow.parentId))
                    .mapToLong(ParentShare::rateKbps)
                    .sum();
            boolean found = flow.works && (!Double.isNaN(flow.brokenAt) || trigger == RepairTrigger.PARENT_LEFT);
            if (kept > 0) {
                flows.add(kept == flow.rateKbps ? flow : flow.withShare(kept));
                flow.watch.restartCounts();
                if (kept < flow.rateKbps && found) {
                    child.open.add(new Loss(flow.brokenAt, now));
                    losses++;
                }
            } else if (found) {
                child.open.add(new Loss(Double.isNaN(flow.brokenAt) ? now : flow.brokenAt, now));
                losses++;
            }
        }
        answer.parents().forEach(parent -> flows.add(flow(node, parent, true)));
        child.flows = flows;
        refresh(child);
        if (!answer.parents().isEmpty()) {
            replaced(child);
        }
        if (child.effectiveKbps < required) {
            childrenBelowRate.add(node.id());
        }
        if (!file && child.effectiveKbps > 0 && !node.holds(content.id())) {
            hold(node);
        }
    }

    /** The parents a child must not be paired with again now, each with why. */
    private Map<String, String> barred(String childId) {
        Map<String, Double> until = bars.get(childId);
        if (until == null) {
            return Map.of();
        }
        Map<String, String> barred = new LinkedHashMap<>();
        until.forEach((parentId, end) -> {
            if (end > now) {
                barred.put(parentId, parentId + " did not send " + childId + " its share; barred until " + at(end));
            }
        });
        return barred;
    }

    /** The tracker's way: a node that goes ends every allocation it is in, and each child asks again later. */
    private void endEverything(String nodeId, boolean failure) {
        Child leaving = children.remove(nodeId);
        if (leaving != null) {
            flush(leaving);
        }
        renewedAt.remove(nodeId);
        for (Assignment assignment : swarm.assignmentsAsChild(nodeId)) {
            swarm.unassign(assignment.id());
        }
        for (Assignment assignment : swarm.assignmentsAsParent(nodeId)) {
            swarm.unassign(assignment.id());
            Child child = children.get(assignment.childId());
            if (child == null) {
                continue;
            }
            flush(child);
            child.flows = List.of();
            child.effectiveKbps = 0;
            parentLosses++;
            if (failure) {
                parentFailures++;
            }
            if (Double.isNaN(child.lostAt)) {
                child.lostAt = now;
            }
            child.generation++;
            child.retriesInARow = 0;
            childrenBelowRate.add(child.node.id());
            schedule(now + reaskSeconds, Kind.REASK, child.node.id(), child.generation, null);
        }
        unhold(nodeId);
        failed.remove(nodeId);
        swarm.leave(nodeId);
    }

    private void unhold(String nodeId) {
        swarm.node(nodeId).ifPresent(node -> {
            allocator.holds(node, false);
            Set<String> local = holdersByIsp.get(isp(node));
            if (local != null) {
                local.remove(nodeId);
            }
        });
    }

    /** A download is done: the child needs nothing more and holds the whole file. */
    private void complete(String nodeId) {
        Child child = children.get(nodeId);
        if (child == null) {
            return;
        }
        flush(child);
        child.needs = false;
        child.flows = List.of();
        child.effectiveKbps = 0;
        child.open.clear();
        child.lostAt = Double.NaN;
        child.generation++;
        swarm.assignmentOf(nodeId, content.id()).ifPresent(done -> {
            swarm.unassign(done.id());
            pending.remove(done.id());
        });
        hold(child.node);
    }

    /** Counts the bytes a child received since the last change, by where they came from and from which parent. */
    private void flush(Child child) {
        double seconds = now - child.since;
        child.since = now;
        if (!child.needs || seconds <= 0) {
            return;
        }
        childSeconds += seconds;
        for (Flow flow : child.flows) {
            double kbit = deliveredKbps(flow) * seconds;
            if (kbit <= 0) {
                continue;
            }
            flow.kbit += kbit;
            if (flow.peer) {
                peerKbit += kbit;
                if (flow.local) {
                    peerLocalKbit += kbit;
                }
                if (child.localExisted) {
                    peerKbitWhereLocal += kbit;
                    if (flow.local) {
                        peerLocalKbitWhereLocal += kbit;
                    }
                }
            } else {
                cdnKbit += kbit;
            }
        }
        long missing = required - child.effectiveKbps;
        if (missing > 0) {
            fallbackKbit += missing * seconds;
            starvedSeconds += seconds;
        }
    }

    private void schedule(double time, Kind kind, String nodeId, int generation, Population.Viewer viewer) {
        events.add(new Event(time, sequence++, kind, nodeId, generation, viewer));
    }

    private Instant at() {
        return at(now);
    }

    private static Instant at(double seconds) {
        return START.plusMillis((long) (seconds * 1000));
    }

    private static String isp(LiveNode node) {
        String isp = node.profile().network().isp();
        return isp == null ? "" : isp;
    }

    private RunReport report(String name, String policies, int belowAtEnd, int unrepaired, long wallMillis) {
        double total = peerKbit + cdnKbit + fallbackKbit;
        Map<String, Integer> byRule = new LinkedHashMap<>(violations);
        int violationCount =
                byRule.values().stream().mapToInt(Integer::intValue).sum();
        return new RunReport(
                name,
                policies,
                requests,
                reasks,
                retries,
                withoutParent,
                belowRate,
                denied,
                relaxedDecisions,
                ratio(peerKbit, total),
                ratio(peerLocalKbit, peerKbit),
                ratio(peerLocalKbitWhereLocal, peerKbitWhereLocal),
                violationCount,
                byRule,
                parentLosses,
                parentFailures,
                durations(recoveries),
                childrenBelowRate.size(),
                ratio(starvedSeconds, childSeconds),
                belowAtEnd,
                new RunReport.Bytes(
                        gigabytes(peerKbit), gigabytes(peerLocalKbit), gigabytes(cdnKbit), gigabytes(fallbackKbit)),
                new RunReport.Upkeep(
                        repairs ? "heartbeats" : "children ask again",
                        interval,
                        missedIntervals,
                        durations(inIntervals(recoveries)),
                        durations(inIntervals(detectionToRepair)),
                        losses,
                        repairedWithinOneInterval,
                        repairedLater,
                        unrepaired,
                        new LinkedHashMap<>(repairsByTrigger),
                        durations(belowRatePerInterval),
                        violationsInRepairs),
                wallMillis);
    }

    private List<Double> inIntervals(List<Double> seconds) {
        return seconds.stream().map(value -> value / interval).toList();
    }

    private static double ratio(double part, double whole) {
        return whole <= 0 ? 0 : round(part / whole, 4);
    }

    private static double gigabytes(double kbit) {
        return round(kbit / 8 / 1_000_000, 2);
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    static RunReport.Durations durations(List<Double> values) {
        if (values.isEmpty()) {
            return new RunReport.Durations(0, 0, 0, 0);
        }
        List<Double> sorted = values.stream().sorted().toList();
        return new RunReport.Durations(
                sorted.size(),
                round(percentile(sorted, 0.5), 2),
                round(percentile(sorted, 0.95), 2),
                round(sorted.get(sorted.size() - 1), 2));
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
