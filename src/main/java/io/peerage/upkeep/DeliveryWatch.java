package io.peerage.upkeep;

import java.time.Duration;
import java.time.Instant;

/**
 * What a child's reports say of one parent of one allocation (a pair): whether the parent sends nothing (NO_DATA) or
 * less than its share (CONGESTION). Plain Java, one instance per pair, fed each report about that pair in order.
 *
 * <ul>
 *   <li>Nothing counts before the connect grace has passed since the pair's start: the pair may still be connecting.
 *       Reports during the grace only set the bytes the next reports are compared with.
 *   <li>NO_DATA: the cumulative {@code bytes} did not grow for {@code noDataReports} reports in a row (the first
 *       report after the grace compares with what came before it, else with 0). A report without bytes says nothing
 *       about data: it neither counts nor breaks the run.
 *   <li>Bytes going backwards mean the child restarted its counting (a client restart): the report is a new start,
 *       not data; both runs restart and so does the grace, as the pair connects again.
 *   <li>CONGESTION: the reported rate stayed below {@code congestionRatio} of the pair's share for
 *       {@code congestionReports} reports in a row. A changed share restarts that run: the rates before were measured
 *       against another share.
 *   <li>A report that does not come is not "no data": only reports count, so a child that stops reporting a pair (or
 *       stops sending heartbeats, which its lease handles) never makes its parent look silent.
 *   <li>A report older than the last one is ignored.
 * </ul>
 *
 * NO_DATA is named before CONGESTION when both hold. The verdict stays until the runs restart: after a repair that
 * keeps the pair, {@link #restartCounts()}.
 */
public final class DeliveryWatch {

    /** What the reports about a pair call for. */
    public enum Verdict {
        /** Nothing to repair. */
        NONE,
        /** The parent sent no new bytes for {@code no-data-reports} reports. */
        NO_DATA,
        /** The parent sent below {@code congestion-ratio} of its share for {@code congestion-reports} reports. */
        CONGESTION
    }

    /**
     * The thresholds ({@code peerage.repair.*}, docs/operations.md).
     *
     * @param connectGrace from the pair's start, how long reports do not count
     * @param noDataReports reports in a row without new bytes that make NO_DATA
     * @param congestionRatio the part of its share below which a parent is slow, above 0 and at most 1
     * @param congestionReports slow reports in a row that make CONGESTION
     */
    public record Settings(Duration connectGrace, int noDataReports, double congestionRatio, int congestionReports) {

        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(10), 2, 0.8, 3);

        public Settings {
            if (connectGrace == null || connectGrace.isNegative()) {
                throw new IllegalArgumentException(
                        "peerage.repair.connect-grace must be 0 or more, not " + connectGrace + ". Maybe 10s?");
            }
            if (noDataReports < 1) {
                throw new IllegalArgumentException(
                        "peerage.repair.no-data-reports must be at least 1, not " + noDataReports + ". Maybe 2?");
            }
            if (!(congestionRatio > 0 && congestionRatio <= 1)) {
                throw new IllegalArgumentException("peerage.repair.congestion-ratio must be above 0 and at most 1, not "
                        + congestionRatio + ". Maybe 0.8?");
            }
            if (congestionReports < 1) {
                throw new IllegalArgumentException("peerage.repair.congestion-reports must be at least 1, not "
                        + congestionReports + ". Maybe 3?");
            }
        }
    }

    /**
     * One report about the pair.
     *
     * @param bytes everything received from the parent for the allocation so far; null when not reported
     * @param rateKbps the rate the parent delivers now
     * @param at when the report came
     */
    public record Reading(Long bytes, long rateKbps, Instant at) {}

    private final Settings settings;
    private Instant graceFrom;
    private Instant lastAt;
    private long lastBytes;
    private long shareKbps = -1;
    private int withoutData;
    private int slow;
    private long slowRateSum;

    /** A pair that started at {@code pairStart}: the parent's first chance to send. */
    public DeliveryWatch(Instant pairStart, Settings settings) {
        this.graceFrom = pairStart;
        this.settings = settings;
    }

    /** Takes one report about the pair, whose share is {@code shareKbps} now, and says what it calls for. */
    public synchronized Verdict observe(Reading reading, long shareKbps) {
        if (lastAt != null && reading.at().isBefore(lastAt)) {
            return verdict();
        }
        lastAt = reading.at();
        if (shareKbps != this.shareKbps) {
            this.shareKbps = shareKbps;
            restartSlow();
        }
        Long bytes = reading.bytes();
        boolean restarted = bytes != null && bytes < lastBytes;
        if (restarted) {
            graceFrom = reading.at();
        }
        boolean newData = bytes != null && bytes > lastBytes;
        if (bytes != null) {
            lastBytes = bytes;
        }
        if (restarted || reading.at().isBefore(graceFrom.plus(settings.connectGrace()))) {
            restartCounts();
            return Verdict.NONE;
        }
        if (newData) {
            withoutData = 0;
        } else if (bytes != null) {
            withoutData++;
        }
        if (reading.rateKbps() < settings.congestionRatio() * shareKbps) {
            slow++;
            slowRateSum += reading.rateKbps();
        } else {
            restartSlow();
        }
        return verdict();
    }

    /** What the reports so far call for. */
    public synchronized Verdict verdict() {
        if (withoutData >= settings.noDataReports()) {
            return Verdict.NO_DATA;
        }
        if (slow >= settings.congestionReports()) {
            return Verdict.CONGESTION;
        }
        return Verdict.NONE;
    }

    /** After a repair that kept the pair: its runs start again from the next report. */
    public synchronized void restartCounts() {
        withoutData = 0;
        restartSlow();
    }

    /** Reports in a row without new bytes. */
    public synchronized int reportsWithoutData() {
        return withoutData;
    }

    /** Reports in a row below the ratio of the share. */
    public synchronized int slowReports() {
        return slow;
    }

    /** The mean rate of the slow reports in a row: what the parent delivers; 0 when none was slow. */
    public synchronized long deliveredKbps() {
        return slow == 0 ? 0 : slowRateSum / slow;
    }

    private void restartSlow() {
        slow = 0;
        slowRateSum = 0;
    }
}
