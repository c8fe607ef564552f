package io.peerage.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.budget.HeavyWork;
import io.peerage.budget.RunControl;
import io.peerage.policy.PolicySet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The work of a simulation, known before it starts, and what the largest one the service accepts costs in memory. */
class SimulationBudgetTest {

    private static final Logger LOG = Logger.getLogger(SimulationBudgetTest.class);

    static final PolicySet RULES = PolicySets.fromFolder(Path.of("rules"));
    static final long MAX_WORK = Long.parseLong(HeavyWork.DEFAULT_MAX_WORK);

    /** The smallest heap docs/operations.md supports: the largest run must fit a quarter of it. */
    static final long SMALLEST_HEAP_BYTES = 512L * 1024 * 1024;

    static Stream<Arguments> scenarios() {
        Scenario week = withChurn(SimulationTest.live(20_000, 0), 7 * 24 * 3600, 100.0);
        return Stream.of(
                Arguments.of(
                        "the soccer match: 10,000 viewers replaced at 0.35 an hour for 105 minutes",
                        ScenarioReader.read(Path.of("docs/scenarios/soccer-match.json")),
                        2,
                        16_125L,
                        64_508L),
                Arguments.of(
                        "the same with proposed policies: a third run",
                        ScenarioReader.read(Path.of("docs/scenarios/soccer-match.json")),
                        3,
                        16_125L,
                        96_762L),
                Arguments.of(
                        "a movie: 1,000 downloaders who are not replaced, 5 seeds and 2 CDN nodes",
                        ScenarioReader.read(Path.of("docs/scenarios/movie-one-isp.json")),
                        2,
                        1_000L,
                        6_014L),
                Arguments.of(
                        "20,000 viewers for a week leaving 100 times an hour, replaced: 336 million viewers",
                        week,
                        2,
                        336_020_000L,
                        1_344_080_004L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void the_work_is_computed_from_the_size_before_anything_runs(
            String name, Scenario scenario, int runs, long viewersDrawn, long work) {
        SimulationWork computed = SimulationWork.of(scenario, runs);

        assertThat(computed.viewersDrawn()).isEqualTo(viewersDrawn);
        assertThat(computed.viewerEvents()).isEqualTo(work);
    }

    @Test
    void the_week_that_filled_the_heap_is_far_above_the_budget_and_the_soccer_match_within_it() {
        assertThat(SimulationWork.of(withChurn(SimulationTest.live(20_000, 0), 7 * 24 * 3600, 100.0), 2)
                        .viewerEvents())
                .isGreaterThan(MAX_WORK * 1000);
        assertThat(SimulationWork.of(ScenarioReader.read(Path.of("docs/scenarios/soccer-match.json")), 3)
                        .viewerEvents())
                .isLessThanOrEqualTo(MAX_WORK);
    }

    /**
     * The run at the limit: 20,000 viewers (the most the service takes) replaced as they leave or fail, within 2% of
     * the budget. Every few thousand events, inside the run, a full collection leaves only what the run holds; the
     * peak of that over the run, less what was held before, is the run's retained memory. It must be real (at least
     * the viewers drawn, a few hundred bytes each) and under a quarter of both this heap and the smallest supported.
     */
    @Test
    void the_largest_accepted_run_stays_under_a_quarter_of_the_heap() {
        Scenario largest = SimulationTest.live(20_000, 0.4);
        SimulationWork work = SimulationWork.of(largest, 2);
        assertThat(work.viewerEvents()).isLessThanOrEqualTo(MAX_WORK).isGreaterThan(MAX_WORK * 98 / 100);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = retained(memory);
        long[] peak = {before};
        int[] measured = {0};
        long[] nextMeasure = {System.nanoTime()};
        // Measured by time rather than every so many events (heartbeats make events many and cheap), and at least four
        // times as long apart as the last full collection took: on a busy machine a collection can take longer than any
        // fixed period, and the run would then spend its time collecting. So collections stay under a fifth of it.
        RunControl measuring = new RunControl(
                Clock.systemUTC(),
                null,
                () -> {
                    long now = System.nanoTime();
                    if (now >= nextMeasure[0]) {
                        peak[0] = Math.max(peak[0], retained(memory));
                        measured[0]++;
                        long took = System.nanoTime() - now;
                        nextMeasure[0] = System.nanoTime() + Math.max(100_000_000L, 4 * took);
                    }
                },
                () -> false);

        SimulationReport report =
                Simulation.compare(largest, RULES, null, null, Simulation.Settings.DEFAULTS, measuring);

        long runBytes = peak[0] - before;
        LOG.infof(
                "Largest accepted run: %d viewer-events, %d viewers drawn, %d bytes retained at its peak (heap max %d)",
                work.viewerEvents(),
                report.swarm().viewers(),
                runBytes,
                Runtime.getRuntime().maxMemory());
        assertThat(report.swarm().viewers())
                .isCloseTo((int) work.viewersDrawn(), org.assertj.core.data.Offset.offset(1500));
        assertThat(measured[0]).as("memory measured during the run").isGreaterThanOrEqualTo(5);
        assertThat(runBytes).as("the measure sees the viewers the run holds").isGreaterThan(work.viewersDrawn() * 300);
        assertThat(runBytes)
                .as("retained at its peak, in bytes")
                .isLessThan(Runtime.getRuntime().maxMemory() / 4)
                .isLessThan(SMALLEST_HEAP_BYTES / 4);
    }

    private static long retained(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    static Scenario withChurn(Scenario scenario, int durationSeconds, double departuresPerViewerHour) {
        return new Scenario(
                scenario.name(),
                scenario.description(),
                scenario.seed(),
                durationSeconds,
                scenario.content(),
                scenario.viewers(),
                scenario.arrivalSeconds(),
                new Scenario.Churn(departuresPerViewerHour, true, null),
                scenario.failuresPerViewerHour(),
                scenario.reaskSeconds(),
                scenario.retrySeconds(),
                scenario.maxParents(),
                scenario.isps(),
                scenario.natTypes(),
                scenario.implementations(),
                scenario.devices(),
                scenario.subscriptions(),
                scenario.cannotForwardShare(),
                scenario.uplink(),
                scenario.cdn(),
                scenario.seeds());
    }
}
