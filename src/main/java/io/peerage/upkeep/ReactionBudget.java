package io.peerage.upkeep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many reactions one node's reports may cause: at most {@code peerage.repair.max-per-interval} in one heartbeat
 * interval (counted from the first reaction of that interval), so that one client cannot churn the swarm. A report
 * beyond the bound is still kept (the node's last report) but not acted on; each one is counted for the node and in
 * {@code peerage.repair.reports.not-acted}. A reaction that changed nothing (its repair found nothing to do, or its
 * change set could not be written) is given back ({@link #giveBack}): the bound is on changes made, not attempts.
 * Memory only: after a restart every node starts with its full budget.
 */
@ApplicationScoped
public class ReactionBudget {

    private final int maxPerInterval;
    private final Duration interval;
    private final Counter notActed;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** One node's current interval: when it began, the reactions acted on in it, and every one refused so far. */
    private static final class Window {
        private Instant from;
        private int acted;
        private long refused;
    }

    @Inject
    ReactionBudget(
            @ConfigProperty(name = "peerage.repair.max-per-interval", defaultValue = "10") int maxPerInterval,
            HeartbeatSettings settings,
            MeterRegistry meters) {
        this(maxPerInterval, settings.interval(), meters);
    }

    /** A budget of its own, as the simulator and unit tests use it. */
    public ReactionBudget(int maxPerInterval, Duration interval) {
        this(maxPerInterval, interval, new SimpleMeterRegistry());
    }

    private ReactionBudget(int maxPerInterval, Duration interval, MeterRegistry meters) {
        if (maxPerInterval < 0) {
            throw new IllegalArgumentException(
                    "peerage.repair.max-per-interval must be 0 or more, not " + maxPerInterval + ". Maybe 10?");
        }
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("peerage.heartbeat.interval must be positive, not " + interval);
        }
        this.maxPerInterval = maxPerInterval;
        this.interval = interval;
        this.notActed = Counter.builder("peerage.repair.reports.not-acted")
                .description("Reports that called for a repair but were not acted on: their node was past "
                        + "peerage.repair.max-per-interval")
                .register(meters);
    }

    /**
     * True, and counted, when a report of {@code nodeId} may cause one more reaction at {@code now}; false when the
     * node is past its bound for this interval: the caller keeps the report and does not act on it.
     */
    public boolean tryAct(String nodeId, Instant now) {
        Window window = windows.computeIfAbsent(nodeId, id -> new Window());
        synchronized (window) {
            if (window.from == null || !now.isBefore(window.from.plus(interval)) || now.isBefore(window.from)) {
                window.from = now;
                window.acted = 0;
            }
            if (window.acted < maxPerInterval) {
                window.acted++;
                return true;
            }
            window.refused++;
        }
        notActed.increment();
        return false;
    }

    /**
     * Gives back one reaction charged at {@code chargedAt} that changed nothing: a repair that found nothing to do, or
     * whose change set could not be written (and was undone). A charge of an interval already over is not given back:
     * that interval's budget is gone anyway.
     */
    public void giveBack(String nodeId, Instant chargedAt) {
        Window window = windows.get(nodeId);
        if (window == null) {
            return;
        }
        synchronized (window) {
            boolean sameInterval = window.from != null
                    && !chargedAt.isBefore(window.from)
                    && chargedAt.isBefore(window.from.plus(interval));
            if (sameInterval && window.acted > 0) {
                window.acted--;
            }
        }
    }

    /** Reactions of the node charged in its interval that runs at {@code now}; 0 when none runs. */
    public int used(String nodeId, Instant now) {
        Window window = windows.get(nodeId);
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            boolean running =
                    window.from != null && !now.isBefore(window.from) && now.isBefore(window.from.plus(interval));
            return running ? window.acted : 0;
        }
    }

    /** Reports of the node that were kept but not acted on, since it came online (or the service started). */
    public long notActed(String nodeId) {
        Window window = windows.get(nodeId);
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            return window.refused;
        }
    }

    public int maxPerInterval() {
        return maxPerInterval;
    }

    /** Forgets the nodes that are no longer online. */
    public void retainOnly(Predicate<String> online) {
        windows.keySet().removeIf(online.negate());
    }
}
