package io.peerage.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lease rule and the downtime ledger as plain units: named cases, no service. */
class LeaseRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    static Stream<Arguments> leases() {
        return Stream.of(
                Arguments.of("renewed just now", 0, 0, false),
                Arguments.of("two intervals missed", 20, 0, false),
                Arguments.of("exactly a lease: a late heartbeat is still on time", 30, 0, false),
                Arguments.of("a millisecond past the lease", 30.001, 0, true),
                Arguments.of("far past the lease", 300, 0, true),
                Arguments.of("past the lease, but the database was down for part of it", 50, 25, false),
                Arguments.of("past the lease even without the downtime", 70, 25, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leases")
    void a_lease_runs_out_after_more_than_a_lease_of_counted_time(
            String name, double secondsSinceRenewal, int secondsDown, boolean expired) {
        Instant now = T0.plusMillis((long) (secondsSinceRenewal * 1000));
        assertThat(Leases.expired(T0, now, LEASE, Duration.ofSeconds(secondsDown)))
                .as(name)
                .isEqualTo(expired);
    }

    /** {@code downs} are pairs of seconds after T0: the database went down, then came back (-1: still down). */
    static Stream<Arguments> outages() {
        return Stream.of(
                Arguments.of("never down", new int[] {}, 0, 100, 0),
                Arguments.of("down inside the window", new int[] {10, 30}, 0, 100, 20),
                Arguments.of(
                        "down before the window began counts only from its start", new int[] {10, 30}, 20, 100, 10),
                Arguments.of("down after the window counts nothing", new int[] {10, 30}, 40, 100, 0),
                Arguments.of("still down: counts until now", new int[] {50, -1}, 0, 80, 30),
                Arguments.of("two outages add up", new int[] {10, 20, 40, 45}, 0, 100, 15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outages")
    void downtime_counts_only_where_it_overlaps_the_lease(
            String name, int[] downs, int from, int now, int expectedSeconds) {
        DowntimeLedger ledger = new DowntimeLedger(Duration.ofHours(1));
        ledger.observe(T0, true);
        for (int i = 0; i < downs.length; i += 2) {
            ledger.observe(T0.plusSeconds(downs[i]), false);
            if (downs[i + 1] >= 0) {
                ledger.observe(T0.plusSeconds(downs[i + 1]), true);
            }
        }
        assertThat(ledger.downtimeBetween(T0.plusSeconds(from), T0.plusSeconds(now)))
                .as(name)
                .isEqualTo(Duration.ofSeconds(expectedSeconds));
    }
}
