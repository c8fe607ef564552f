package io.peerage.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerage.content.ContentKind;
import io.peerage.content.Media;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.node.NatType;
import io.peerage.policy.PolicySet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator on small seeded swarms, with the real policies of {@code rules/}. */
class SimulationTest {

    private static final PolicySet RULES = PolicySets.fromFolder(Path.of("rules"));

    /** 300 viewers over 3 ISPs, a third of them lightweight, coming and going, some failing. */
    static Scenario live(int viewers, double failuresPerViewerHour) {
        Map<NatType, Double> nats = new LinkedHashMap<>();
        nats.put(NatType.FULL_CONE, 0.5);
        nats.put(NatType.PORT_RESTRICTED_CONE, 0.3);
        nats.put(NatType.SYMMETRIC, 0.2);
        Map<String, Double> implementations = new LinkedHashMap<>();
        implementations.put("peerage-agent/3.1", 0.85);
        implementations.put("browser-webrtc/2.1", 0.15);
        return new Scenario(
                "small-live",
                "a small live swarm",
                7L,
                900,
                new Scenario.ContentSpec(ContentKind.LIVE, Media.VIDEO, 2000, null, "sportsnet", null, null),
                viewers,
                120,
                new Scenario.Churn(0.5, true, null),
                failuresPerViewerHour,
                5,
                5,
                4,
                List.of(
                        new Scenario.Isp("Alpha", 1L, "GB", 0.4, List.of("North", "South"), null),
                        new Scenario.Isp("Beta", 2L, "GB", 0.35, List.of("North", "South"), null),
                        new Scenario.Isp("Gamma", 3L, "GB", 0.25, List.of("North"), null)),
                nats,
                implementations,
                null,
                null,
                null,
                new Scenario.Uplink(1.5, 0.5),
                new Scenario.Cdn(2, 10_000_000L, "GB"),
                null);
    }

    private static SimulationReport run(Scenario scenario, Long seed) {
        return Simulation.compare(scenario, RULES, null, seed, Simulation.Settings.DEFAULTS);
    }

    private static RunReport runOf(SimulationReport report, String allocator) {
        return report.runs().stream()
                .filter(run -> run.allocator().equals(allocator))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void the_same_seed_gives_the_same_report_and_another_seed_another_swarm() {
        Scenario scenario = live(200, 0.5);

        SimulationReport first = run(scenario, 11L);
        SimulationReport again = run(scenario, 11L);
        SimulationReport other = run(scenario, 12L);

        assertThat(again.withoutTiming()).isEqualTo(first.withoutTiming());
        assertThat(other.withoutTiming()).isNotEqualTo(first.withoutTiming());
    }

    @Test
    void peerage_keeps_every_hard_promise_and_beats_the_tracker_on_locality_and_offload() {
        SimulationReport report = run(live(300, 0.2), null);
        RunReport peerage = runOf(report, Simulation.PEERAGE);
        RunReport tracker = runOf(report, Simulation.BASELINE);

        assertThat(report.swarm().lightweightShare()).isBetween(0.2, 0.5);
        assertThat(peerage.hardViolations()).isZero();
        assertThat(peerage.violationsByRule()).isEmpty();
        assertThat(tracker.violationsByRule())
                .as("a tracker that knows no NAT types pairs lightweight peers")
                .containsKey("lightweight-to-lightweight");
        assertThat(peerage.localityWhereLocalParentExisted()).isGreaterThanOrEqualTo(0.9);
        assertThat(peerage.locality()).isGreaterThan(tracker.locality());
        assertThat(tracker.locality()).as("about one over the number of ISPs").isLessThan(0.5);
        assertThat(peerage.offload()).isGreaterThanOrEqualTo(tracker.offload());
        assertThat(report.targets())
                .filteredOn(target -> target.run().equals(Simulation.PEERAGE))
                .allMatch(SimulationReport.Target::met);
    }

    @Test
    void failed_parents_are_found_by_heartbeats_under_peerage_and_by_children_asking_again_under_the_tracker() {
        SimulationReport report = run(live(200, 2.0), null);
        RunReport peerage = runOf(report, Simulation.PEERAGE);
        RunReport tracker = runOf(report, Simulation.BASELINE);

        assertThat(peerage.parentFailures()).isPositive();
        assertThat(peerage.parentLosses()).isGreaterThanOrEqualTo(peerage.parentFailures());
        assertThat(peerage.reasks()).as("children never ask again").isZero();
        assertThat(peerage.upkeep().detection()).isEqualTo("heartbeats");
        assertThat(peerage.upkeep().repairsByTrigger()).containsKeys("PARENT_LEFT", "PARENT_SILENT");
        assertThat(peerage.upkeep().losses()).isPositive();
        assertThat(peerage.upkeep().repairedWithinOneInterval()).isPositive();
        assertThat(peerage.upkeep().repairedLater()).isZero();
        assertThat(peerage.upkeep().unrepaired()).isZero();
        assertThat(peerage.upkeep().hardViolationsInRepairs()).isZero();
        assertThat(peerage.upkeep().failureToNewParent().max())
                .as("a crash is found by silence at most a lease and an interval later (4 intervals)")
                .isLessThanOrEqualTo(4.0);
        assertThat(tracker.reasks()).isPositive();
        assertThat(tracker.upkeep().detection()).isEqualTo("children ask again");
        assertThat(tracker.upkeep().repairsByTrigger()).isEmpty();
        assertThat(tracker.failureToNewParent().median())
                .as("the child notices after reaskSeconds and is answered at once")
                .isEqualTo(5.0);
    }

    @Test
    void a_file_is_served_by_seeds_and_by_downloaders_that_completed() {
        Scenario live = live(100, 0);
        Scenario file = new Scenario(
                "small-file",
                null,
                3L,
                3600,
                new Scenario.ContentSpec(ContentKind.FILE, Media.VIDEO, 8000, 300, null, null, null),
                100,
                1800,
                new Scenario.Churn(null, null, 900),
                0.0,
                5,
                5,
                4,
                List.of(new Scenario.Isp("Alpha", 1L, "DE", 1.0, List.of("Berlin"), null)),
                live.natTypes(),
                live.implementations(),
                null,
                null,
                null,
                new Scenario.Uplink(1.0, 0.3),
                new Scenario.Cdn(1, 1_000_000L, "DE"),
                new Scenario.Seeds(2));

        SimulationReport report = run(file, null);
        RunReport peerage = runOf(report, Simulation.PEERAGE);

        assertThat(report.swarm().seeds()).isEqualTo(2);
        assertThat(peerage.hardViolations()).isZero();
        assertThat(peerage.offload())
                .as("completed downloaders serve the later ones")
                .isGreaterThan(0.3);
        assertThat(peerage.locality()).isEqualTo(1.0);
    }

    @Test
    void proposed_policies_run_beside_the_active_ones() {
        PolicySet proposed = PolicySets.compile(RULES.files().stream()
                .filter(file -> !file.name().equals("network.drl"))
                .toList());

        SimulationReport report = Simulation.compare(live(150, 0), RULES, proposed, 5L, Simulation.Settings.DEFAULTS);

        assertThat(report.runs())
                .extracting(RunReport::allocator)
                .containsExactly(Simulation.PEERAGE, Simulation.BASELINE, Simulation.PROPOSED);
        assertThat(runOf(report, Simulation.PROPOSED).hardViolations()).isZero();
    }

    @Test
    void a_scenario_with_wrong_fields_is_refused_naming_each_field() {
        Scenario good = live(10, 0);
        Scenario bad = new Scenario(
                good.name(),
                null,
                null,
                0,
                new Scenario.ContentSpec(ContentKind.FILE, null, 1000, null, null, null, null),
                -1,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                good.natTypes(),
                null,
                null,
                null,
                2.0,
                null,
                null,
                null);

        assertThatThrownBy(() -> run(bad, null))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e)
                        .errors().stream().map(FieldError::field).toList())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .contains(
                        "durationSeconds", "viewers", "content.sizeMegabytes", "isps", "cannotForwardShare", "uplink");
    }

    @Test
    void the_shipped_scenarios_read_and_validate() {
        for (String name : List.of("soccer-match.json", "movie-one-isp.json", "corporate-one-nat.yaml")) {
            Scenario scenario = ScenarioReader.read(Path.of("docs/scenarios", name));
            assertThat(scenario.problems("")).as(name).isEmpty();
        }
    }
}
