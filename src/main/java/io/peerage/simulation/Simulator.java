package io.peerage.simulation;

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
 * asks again and completed downloads. Nothing sleeps and nothing reads the wall clock but the run's own timing.
 *
 * <p>What the service does, the simulator does too: a node that leaves ends every allocation it takes part in, its
 * children included; with no heartbeats yet, a child notices that after {@code reaskSeconds} and asks again. A child
 * answered with less than the rate asks again after {@code retrySeconds}, doubling up to a minute. A child always
 * plays (or downloads) at the content's rate: what its parents do not send comes from the CDN as a fallback.
 */
final class Simulator {

    /** Simulated time starts here: a fixed instant, so that time-dependent rules see the same clock every run. */
    static final Instant START = Instant.parse("2025-06-14T18:00:00Z");

    static final int MAX_RETRY_SECONDS = 60;

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

    private final PriorityQueue<Event> events =
            new PriorityQueue<>(Comparator.comparingDouble(Event::time).thenComparingLong(Event::sequence));
    private long sequence;
    private double now;
    private long assignmentIds;

    private final Map<String, Child> children = new HashMap<>();
    private final Map<String, Set<String>> holdersByIsp = new HashMap<>();

    // What the run measures.
    private int requests;
    private int reasks;
    private int retries;
    private int withoutParent;
    private int belowRate;
    private int denied;
    private int relaxedDecisions;
    private final Map<String, Integer> violations = new TreeMap<>();
    private int parentLosses;
    private int parentFailures;
    private final List<Double> recoveries = new ArrayList<>();
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
    }

    private enum Kind {
        ARRIVE,
        LEAVE,
        REASK,
        RETRY,
        COMPLETE
    }

    private record Event(
            double time, long sequence, Kind kind, String nodeId, int generation, Population.Viewer viewer) {}

    /** A node that needs the content, and what it gets now. */
    private static final class Child {
        final LiveNode node;
        final boolean fails;
        double since;
        boolean needs = true;
        List<Share> shares = List.of();
        long effectiveKbps;
        boolean localExisted;
        double lostAt = Double.NaN;
        int generation;
        int retriesInARow;

        Child(LiveNode node, double since, boolean fails) {
            this.node = node;
            this.since = since;
            this.fails = fails;
        }
    }

    /** One parent's share as it really flows: a pair that cannot connect sends nothing. */
    private record Share(long rateKbps, boolean peer, boolean local, boolean works) {}

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
        while (!events.isEmpty() && events.peek().time() < duration) {
            control.tick();
            Event event = events.poll();
            now = event.time();
            switch (event.kind()) {
                case ARRIVE -> arrive(event.viewer());
                case LEAVE -> leave(event.nodeId());
                case REASK -> askAgain(event, true);
                case RETRY -> askAgain(event, false);
                case COMPLETE -> complete(event.nodeId());
            }
        }
        now = duration;
        int belowAtEnd = 0;
        for (Child child : children.values()) {
            flush(child);
            if (child.needs && child.effectiveKbps < required) {
                belowAtEnd++;
            }
        }
        return report(name, policies, belowAtEnd, (System.nanoTime() - started) / 1_000_000);
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
        Child child = new Child(node, now, viewer.fails());
        children.put(node.id(), child);
        if (viewer.end() < duration) {
            schedule(viewer.end(), Kind.LEAVE, node.id(), 0, null);
        }
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
        swarm.assignmentOf(node.id(), content.id()).ifPresent(previous -> swarm.unassign(previous.id()));
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
        List<Share> shares = new ArrayList<>();
        long effective = 0;
        if (!answer.parents().isEmpty()) {
            swarm.assign(new Assignment(
                    "a" + ++assignmentIds,
                    node.id(),
                    content.id(),
                    required,
                    answer.parents(),
                    answer.relaxed(),
                    "",
                    at()));
            String country = node.profile().network().country();
            if (country != null && blockedCountries.contains(country)) {
                violations.merge("geo-blocked", 1, Integer::sum);
            }
            for (ParentShare share : answer.parents()) {
                LiveNode parent = swarm.node(share.nodeId()).orElseThrow();
                boolean works = audit(node, parent);
                shares.add(new Share(
                        share.rateKbps(),
                        parent.profile().kind() == NodeKind.CLIENT,
                        isp(parent).equals(isp(node)),
                        works));
                if (works) {
                    effective += share.rateKbps();
                }
            }
        }
        child.shares = shares;
        child.effectiveKbps = Math.min(effective, required);
        child.generation++;
        if (effective > 0 && !Double.isNaN(child.lostAt)) {
            recoveries.add(now - child.lostAt);
            child.lostAt = Double.NaN;
        }
        if (answer.parents().isEmpty()) {
            withoutParent++;
        }
        if (child.effectiveKbps < required) {
            belowRate++;
            childrenBelowRate.add(node.id());
            int wait = (int) Math.min(MAX_RETRY_SECONDS, retrySeconds * (1L << Math.min(child.retriesInARow, 10)));
            child.retriesInARow++;
            schedule(now + wait, Kind.RETRY, node.id(), child.generation, null);
        } else {
            child.retriesInARow = 0;
        }
        if (!file && effective > 0 && !node.holds(content.id())) {
            hold(node);
        }
    }

    /** Checks one pair against the HARD promises; false when the pair cannot work at all. */
    private boolean audit(LiveNode child, LiveNode parent) {
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

    private void leave(String nodeId) {
        Child leaving = children.remove(nodeId);
        if (leaving != null) {
            flush(leaving);
        }
        boolean failed = leaving != null && leaving.fails;
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
            child.shares = List.of();
            child.effectiveKbps = 0;
            parentLosses++;
            if (failed) {
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
        swarm.node(nodeId).ifPresent(node -> {
            allocator.holds(node, false);
            Set<String> local = holdersByIsp.get(isp(node));
            if (local != null) {
                local.remove(nodeId);
            }
        });
        swarm.leave(nodeId);
    }

    /** A download is done: the child needs nothing more and holds the whole file. */
    private void complete(String nodeId) {
        Child child = children.get(nodeId);
        if (child == null) {
            return;
        }
        flush(child);
        child.needs = false;
        child.shares = List.of();
        child.effectiveKbps = 0;
        child.generation++;
        swarm.assignmentOf(nodeId, content.id()).ifPresent(done -> swarm.unassign(done.id()));
        hold(child.node);
    }

    /** Counts the bytes a child received since the last change, by where they came from. */
    private void flush(Child child) {
        double seconds = now - child.since;
        child.since = now;
        if (!child.needs || seconds <= 0) {
            return;
        }
        childSeconds += seconds;
        for (Share share : child.shares) {
            double kbit = share.rateKbps() * seconds;
            if (!share.works()) {
                continue;
            }
            if (share.peer()) {
                peerKbit += kbit;
                if (share.local()) {
                    peerLocalKbit += kbit;
                }
                if (child.localExisted) {
                    peerKbitWhereLocal += kbit;
                    if (share.local()) {
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
        return START.plusMillis((long) (now * 1000));
    }

    private static String isp(LiveNode node) {
        String isp = node.profile().network().isp();
        return isp == null ? "" : isp;
    }

    private RunReport report(String name, String policies, int belowAtEnd, long wallMillis) {
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
                wallMillis);
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
