package io.peerage.upkeep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When the database was down, as the sweep saw it: time that does not count toward any lease, since a node could not
 * have been told anything meanwhile and the service could not record what it decided. Outages older than the horizon
 * are forgotten: no lease reaches back that far.
 */
final class DowntimeLedger {

    private record Outage(Instant from, Instant to) {}

    private final Deque<Outage> outages = new ArrayDeque<>();
    private final Duration horizon;
    private Instant downSince;

    DowntimeLedger(Duration horizon) {
        this.horizon = horizon;
    }

    /** What the sweep saw at {@code now}: the database up or down. */
    synchronized void observe(Instant now, boolean databaseUp) {
        if (!databaseUp && downSince == null) {
            downSince = now;
        } else if (databaseUp && downSince != null) {
            if (now.isAfter(downSince)) {
                outages.addLast(new Outage(downSince, now));
            }
            downSince = null;
        }
        Instant forgetBefore = now.minus(horizon);
        while (!outages.isEmpty() && outages.peekFirst().to().isBefore(forgetBefore)) {
            outages.removeFirst();
        }
    }

    synchronized boolean databaseDown() {
        return downSince != null;
    }

    /** How much of {@code [from, now]} the database was down, the outage going on now included. */
    synchronized Duration downtimeBetween(Instant from, Instant now) {
        Duration total = Duration.ZERO;
        for (Outage outage : outages) {
            total = total.plus(overlap(outage.from(), outage.to(), from, now));
        }
        if (downSince != null) {
            total = total.plus(overlap(downSince, now, from, now));
        }
        return total;
    }

    private static Duration overlap(Instant aFrom, Instant aTo, Instant bFrom, Instant bTo) {
        Instant start = aFrom.isAfter(bFrom) ? aFrom : bFrom;
        Instant end = aTo.isBefore(bTo) ? aTo : bTo;
        return end.isAfter(start) ? Duration.between(start, end) : Duration.ZERO;
    }
}
