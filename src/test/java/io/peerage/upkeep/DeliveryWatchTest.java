package io.peerage.upkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerage.upkeep.DeliveryWatch.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The delivery watch of one pair as a plain unit, with the default settings (grace 10 s, 2 reports without data, 0.8 of
 * the share for 3 reports). Each report is {@code seconds-after-start:bytes:rate[:share]} ("-" for bytes not
 * reported; the share is 1000 unless given), and each case expects the verdict after every report: N(ONE), D(NO_DATA),
 * C(ONGESTION).
 */
class DeliveryWatchTest {

    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a parent that delivers its share", "12:100:1000 22:200:950 32:300:1000", "N N N"),
                Arguments.of("no bytes at all, after the grace", "12:0:0 22:0:0", "N D"),
                Arguments.of("the first report after the grace with bytes is data", "12:500:0 22:500:0", "N N"),
                Arguments.of("reports during the grace never count", "1:0:0 4:0:0 7:0:0 9:0:0", "N N N N"),
                Arguments.of("exactly at the end of the grace counts", "9:0:0 10:0:0 20:0:0", "N N D"),
                Arguments.of(
                        "bytes that stop growing after the grace, compared with the last in the grace",
                        "5:400:1000 12:400:1000 22:400:1000",
                        "N N D"),
                Arguments.of("new bytes break the run", "12:0:0 22:10:1000 32:10:1000 42:10:1000", "N N N D"),
                Arguments.of(
                        "bytes going backwards are a restart: not data, and a new grace",
                        "12:900:1000 22:50:1000 27:50:1000 31:50:1000 41:50:1000 51:50:1000",
                        "N N N N N D"),
                Arguments.of(
                        "a report without bytes neither counts nor breaks the run",
                        "12:0:900 22:-:900 32:0:900",
                        "N N D"),
                Arguments.of("older clients report rates only: never NO_DATA", "12:-:900 22:-:900 32:-:900", "N N N"),
                Arguments.of("a gap between reports is not no data: only reports count", "12:0:1000 95:0:1000", "N D"),
                Arguments.of(
                        "slow for three reports is congestion", "12:10:500 22:20:500 32:30:500 42:40:500", "N N C C"),
                Arguments.of("exactly the ratio is not slow", "12:10:800 22:20:800 32:30:800", "N N N"),
                Arguments.of(
                        "one report at the share breaks the slow run",
                        "12:10:500 22:20:500 32:30:1000 42:40:500 52:50:500",
                        "N N N N N"),
                Arguments.of(
                        "slow during the grace does not count",
                        "2:10:100 5:20:100 8:30:100 12:40:100 22:50:100",
                        "N N N N N"),
                Arguments.of(
                        "a changed share restarts the slow run against the new share",
                        "12:10:500 22:20:500 32:30:500:600 42:40:500:600 52:50:450:600",
                        "N N N N N"),
                Arguments.of(
                        "a smaller share the parent meets is no congestion",
                        "12:10:500 22:20:500 32:30:500:500 42:40:500:500 52:50:500:500",
                        "N N N N N"),
                Arguments.of("no data and slow at once is NO_DATA", "12:10:100 22:10:100 32:10:100", "N N D"),
                Arguments.of("a report older than the last is ignored", "22:0:1000 12:99:1000 32:0:1000", "N N D"),
                Arguments.of("a share of 0 is never congested", "12:10:0:0 22:20:0:0 32:30:0:0", "N N N"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reports_make_the_verdict(String name, String reports, String expected) {
        DeliveryWatch watch = new DeliveryWatch(START, DeliveryWatch.Settings.DEFAULTS);
        List<String> verdicts = new ArrayList<>();
        for (String report : reports.split(" ")) {
            String[] part = report.split(":");
            Long bytes = part[1].equals("-") ? null : Long.parseLong(part[1]);
            long share = part.length > 3 ? Long.parseLong(part[3]) : 1000;
            DeliveryWatch.Reading reading = new DeliveryWatch.Reading(
                    bytes, Long.parseLong(part[2]), START.plusSeconds(Long.parseLong(part[0])));
            verdicts.add(letter(watch.observe(reading, share)));
        }
        assertThat(String.join(" ", verdicts)).as(name).isEqualTo(expected);
    }

    @Test
    void a_repair_that_keeps_the_pair_restarts_its_runs_and_the_mean_slow_rate_is_what_it_delivers() {
        DeliveryWatch watch = new DeliveryWatch(START, DeliveryWatch.Settings.DEFAULTS);
        watch.observe(new DeliveryWatch.Reading(10L, 400, START.plusSeconds(12)), 1000);
        watch.observe(new DeliveryWatch.Reading(20L, 500, START.plusSeconds(22)), 1000);
        assertThat(watch.observe(new DeliveryWatch.Reading(30L, 600, START.plusSeconds(32)), 1000))
                .isEqualTo(Verdict.CONGESTION);
        assertThat(watch.deliveredKbps()).isEqualTo(500);
        assertThat(watch.slowReports()).isEqualTo(3);

        watch.restartCounts();

        assertThat(watch.verdict()).isEqualTo(Verdict.NONE);
        assertThat(watch.slowReports()).isZero();
        assertThat(watch.deliveredKbps()).isZero();
        assertThat(watch.observe(new DeliveryWatch.Reading(30L, 600, START.plusSeconds(42)), 1000))
                .isEqualTo(Verdict.NONE);
        assertThat(watch.reportsWithoutData()).isEqualTo(1);
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(
                        new Object[] {Duration.ofSeconds(-1), 2, 0.8, 3},
                        "peerage.repair.connect-grace must be 0 or more, not PT-1S. Maybe 10s?"),
                Arguments.of(
                        new Object[] {Duration.ZERO, 0, 0.8, 3},
                        "peerage.repair.no-data-reports must be at least 1, not 0. Maybe 2?"),
                Arguments.of(
                        new Object[] {Duration.ZERO, 2, 1.5, 3},
                        "peerage.repair.congestion-ratio must be above 0 and at most 1, not 1.5. Maybe 0.8?"),
                Arguments.of(
                        new Object[] {Duration.ZERO, 2, 0.0, 3},
                        "peerage.repair.congestion-ratio must be above 0 and at most 1, not 0.0. Maybe 0.8?"),
                Arguments.of(
                        new Object[] {Duration.ZERO, 2, 0.8, 0},
                        "peerage.repair.congestion-reports must be at least 1, not 0. Maybe 3?"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badSettings")
    void settings_out_of_range_are_refused_naming_the_setting(Object[] values, String message) {
        assertThatThrownBy(() -> new DeliveryWatch.Settings(
                        (Duration) values[0], (int) values[1], (double) values[2], (int) values[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    private static String letter(Verdict verdict) {
        return switch (verdict) {
            case NONE -> "N";
            case NO_DATA -> "D";
            case CONGESTION -> "C";
        };
    }
}
