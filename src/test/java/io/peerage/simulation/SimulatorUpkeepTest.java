package io.peerage.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.budget.RunControl;
import io.peerage.content.Content;
import io.peerage.content.ContentKind;
import io.peerage.content.Media;
import io.peerage.node.Capabilities;
import io.peerage.node.Device;
import io.peerage.node.NatType;
import io.peerage.node.NetworkLocation;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.Subscription;
import io.peerage.policy.PolicySet;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator's upkeep on small swarms drawn by hand (no seed decides anything): a live content of 1000 kbps, one
 * CDN node with room for everyone, a parent P (uplink 3000) that serves three children C1..C3 (uplink 0), heartbeats
 * every 10 s. P arrives at 1 s, its children at 2, 3 and 4 s; P fails at 45 s, its last heartbeat at 41 s.
 */
class SimulatorUpkeepTest {

    private static final PolicySet RULES = PolicySets.fromFolder(Path.of("rules"));
    private static final double STAYS = Double.POSITIVE_INFINITY;

    /** The scenario's settings only: the population is the test's own. */
    private static Scenario scenario(Scenario.Heartbeat heartbeat, Double slowShare) {
        return new Scenario(
                "upkeep",
                null,
                1L,
                200,
                new Scenario.ContentSpec(ContentKind.LIVE, Media.VIDEO, 1000, null, "sportsnet", null, null),
                4,
                0,
                null,
                null,
                5,
                5,
                4,
                List.of(new Scenario.Isp("Alpha", 1L, "GB", 1.0, List.of("North"), null)),
                null,
                null,
                null,
                null,
                null,
                new Scenario.Uplink(1.0, 0.0),
                null,
                null,
                heartbeat,
                new Scenario.Failures(null, slowShare));
    }

    /** The service's heartbeat settings, or (false) reports that find nothing before the lease runs out. */
    private static Scenario.Heartbeat heartbeat(boolean reportsFind) {
        return reportsFind
                ? new Scenario.Heartbeat(10, 3, null, null, null, null)
                : new Scenario.Heartbeat(10, 3, null, 10, null, 10);
    }

    private static NodeProfile peer(String id, long uplinkKbps) {
        return peer(id, uplinkKbps, NatType.FULL_CONE);
    }

    private static NodeProfile peer(String id, long uplinkKbps, NatType nat) {
        return new NodeProfile(
                        id,
                        NodeKind.CLIENT,
                        "peerage-agent/3.1",
                        new Capabilities(Population.acceptsIncoming(nat), true, true, null),
                        new NetworkLocation(null, 1L, "Alpha", "GB", "North", null, null, nat),
                        uplinkKbps,
                        null,
                        Subscription.STANDARD,
                        Device.DESKTOP,
                        List.of())
                .withDefaults(id);
    }

    private static NodeProfile cdn(long uplinkKbps) {
        return new NodeProfile(
                        "cdn-1",
                        NodeKind.CDN,
                        "cdn-edge",
                        null,
                        new NetworkLocation(null, null, Population.CDN_ISP, "GB", null, null, null, NatType.OPEN),
                        uplinkKbps,
                        null,
                        null,
                        null,
                        List.of())
                .withDefaults("cdn-1");
    }

    /** P fails at 45 s as {@code failure} says (null: it does not), and its three children stay. */
    private static List<Population.Viewer> parentAndThreeChildren(FailureKind failure) {
        List<Population.Viewer> viewers = new ArrayList<>();
        double end = failure == FailureKind.CRASH ? 45 : STAYS;
        viewers.add(new Population.Viewer(peer("P", 3000), 1, end, failure, failure == null ? Double.NaN : 45));
        for (int i = 1; i <= 3; i++) {
            viewers.add(new Population.Viewer(peer("C" + i, 0), 1 + i, STAYS, null, Double.NaN));
        }
        return viewers;
    }

    private record Outcome(RunReport report, Swarm swarm) {

        Assignment assignmentOf(String childId) {
            return swarm.assignmentOf(childId, "simulated-live").orElseThrow();
        }

        List<String> parentsOf(String childId) {
            return assignmentOf(childId).parents().stream()
                    .map(parent -> parent.nodeId() + "=" + parent.rateKbps())
                    .toList();
        }
    }

    private static Outcome run(Scenario scenario, List<Population.Viewer> viewers, boolean peerage) {
        return run(scenario, viewers, peerage, 100_000);
    }

    private static Outcome run(Scenario scenario, List<Population.Viewer> viewers, boolean peerage, long cdnKbps) {
        Population population = new Population(List.of(cdn(cdnKbps)), List.of(), viewers);
        Content content = Simulation.content(scenario);
        Swarm swarm = new Swarm();
        Allocator allocator = peerage
                ? new PeerageAllocator(swarm, Simulation.Settings.DEFAULTS, RULES)
                : new TrackerAllocator(swarm, 1L);
        Simulator simulator = new Simulator(
                scenario, population, content, swarm, allocator, RULES::classify, RULES, 4, RunControl.UNLIMITED);
        return new Outcome(simulator.run(peerage ? Simulation.PEERAGE : Simulation.BASELINE, "rules"), swarm);
    }

    @Test
    void before_any_failure_P_serves_its_three_children() {
        Outcome outcome = run(scenario(heartbeat(true), null), parentAndThreeChildren(null), true);

        for (String child : List.of("C1", "C2", "C3")) {
            assertThat(outcome.parentsOf(child)).containsExactly("P=1000");
            assertThat(outcome.assignmentOf(child).revision()).isZero();
        }
        assertThat(outcome.report().upkeep().repairsByTrigger()).isEmpty();
        assertThat(outcome.report().upkeep().losses()).isZero();
    }

    @Test
    void a_crashed_parent_is_found_by_its_silence_and_its_three_children_are_repaired_at_once() {
        // Reports that find nothing before 10 of them: the lease runs out first (41 s + 30 s, at the 80 s sweep).
        Outcome outcome = run(scenario(heartbeat(false), null), parentAndThreeChildren(FailureKind.CRASH), true);
        RunReport.Upkeep upkeep = outcome.report().upkeep();

        assertThat(upkeep.detection()).isEqualTo("heartbeats");
        assertThat(upkeep.repairsByTrigger()).isEqualTo(Map.of("PARENT_SILENT", 3));
        assertThat(upkeep.losses()).isEqualTo(3);
        assertThat(upkeep.repairedWithinOneInterval()).isEqualTo(3);
        assertThat(upkeep.repairedLater()).isZero();
        assertThat(upkeep.unrepaired()).isZero();
        assertThat(upkeep.detectionToRepair()).isEqualTo(new RunReport.Durations(3, 0, 0, 0));
        assertThat(upkeep.failureToNewParent())
                .as("crash at 45 s, new parent at the 80 s sweep")
                .isEqualTo(new RunReport.Durations(3, 3.5, 3.5, 3.5));
        assertThat(upkeep.hardViolationsInRepairs()).isZero();
        assertThat(outcome.report().reasks()).as("children never ask again").isZero();
        assertThat(outcome.report().requests()).isEqualTo(4);
        for (String child : List.of("C1", "C2", "C3")) {
            assertThat(outcome.parentsOf(child)).containsExactly("cdn-1=1000");
            assertThat(outcome.assignmentOf(child).revision()).isEqualTo(1);
        }
        assertThat(outcome.swarm().node("P")).as("silent: out of the swarm").isEmpty();
    }

    @Test
    void a_crashed_parent_is_found_by_missing_data_before_its_lease_runs_out() {
        // Reports at 52 s (bytes up to 45 s), then 62 and 72 s with nothing new: NO_DATA at 72, 73 and 74 s.
        Outcome outcome = run(scenario(heartbeat(true), null), parentAndThreeChildren(FailureKind.CRASH), true);
        RunReport.Upkeep upkeep = outcome.report().upkeep();

        assertThat(upkeep.repairsByTrigger()).isEqualTo(Map.of("NO_DATA", 3));
        assertThat(upkeep.failureToNewParent()).isEqualTo(new RunReport.Durations(3, 2.8, 2.9, 2.9));
        assertThat(upkeep.repairedWithinOneInterval()).isEqualTo(3);
        assertThat(outcome.swarm().node("P"))
                .as("its lease ran out all the same")
                .isEmpty();
    }

    @Test
    void a_stalled_parent_keeps_heartbeating_and_is_found_by_missing_data() {
        Outcome outcome = run(scenario(heartbeat(true), null), parentAndThreeChildren(FailureKind.STALL), true);
        RunReport.Upkeep upkeep = outcome.report().upkeep();

        assertThat(upkeep.repairsByTrigger()).isEqualTo(Map.of("NO_DATA", 3));
        assertThat(upkeep.losses()).isEqualTo(3);
        assertThat(upkeep.repairedWithinOneInterval()).isEqualTo(3);
        assertThat(upkeep.failureToNewParent()).isEqualTo(new RunReport.Durations(3, 2.8, 2.9, 2.9));
        assertThat(outcome.swarm().node("P")).as("still heartbeating: online").isPresent();
        for (String child : List.of("C1", "C2", "C3")) {
            assertThat(outcome.parentsOf(child))
                    .as("P is barred for its children")
                    .containsExactly("cdn-1=1000");
        }
    }

    @Test
    void a_slow_parent_below_max_parents_keeps_what_it_delivers_and_a_parent_is_added_for_the_rest() {
        Outcome outcome = run(scenario(heartbeat(true), 0.5), parentAndThreeChildren(FailureKind.SLOW), true);
        RunReport.Upkeep upkeep = outcome.report().upkeep();

        assertThat(upkeep.repairsByTrigger()).isEqualTo(Map.of("CONGESTION", 3));
        assertThat(upkeep.repairedWithinOneInterval()).isEqualTo(3);
        for (String child : List.of("C1", "C2", "C3")) {
            List<ParentShare> parents = outcome.assignmentOf(child).parents();
            assertThat(parents).extracting(ParentShare::nodeId).containsExactly("P", "cdn-1");
            assertThat(parents.get(0).rateKbps() + parents.get(1).rateKbps()).isEqualTo(1000);
        }
    }

    @Test
    void a_parent_of_a_two_parent_allocation_fails_and_the_other_keeps_its_share() {
        // P1 and P2 are lightweight (behind symmetric NATs): they cannot serve each other, only C. The CDN node has
        // room for the two of them only. At the 80 s sweep P1 goes SILENT: the repair comes first and finds nothing
        // (P1's own share is still reserved on the CDN node), is recorded and left pending; then P1's own allocation
        // ends, and the same sweep's retry finds the CDN node: a second revision, recorded as it found a parent.
        List<Population.Viewer> viewers = List.of(
                new Population.Viewer(peer("P1", 500, NatType.SYMMETRIC), 1, 45, FailureKind.CRASH, 45),
                new Population.Viewer(peer("P2", 500, NatType.SYMMETRIC), 1.5, STAYS, null, Double.NaN),
                new Population.Viewer(peer("C", 0), 2, STAYS, null, Double.NaN));

        Outcome outcome = run(scenario(heartbeat(false), null), viewers, true, 2000);

        Assignment repaired = outcome.assignmentOf("C");
        assertThat(outcome.report().upkeep().repairsByTrigger()).isEqualTo(Map.of("PARENT_SILENT", 2));
        assertThat(repaired.revision()).isEqualTo(2);
        assertThat(outcome.parentsOf("C"))
                .as("P2 keeps its share, the CDN node takes P1's")
                .containsExactly("P2=500", "cdn-1=500");
        assertThat(outcome.report().upkeep().repairedWithinOneInterval()).isEqualTo(1);
        assertThat(outcome.report().upkeep().failureToNewParent()).isEqualTo(new RunReport.Durations(1, 3.5, 3.5, 3.5));
    }

    @Test
    void with_the_tracker_the_children_of_a_crashed_parent_ask_again() {
        Outcome outcome = run(scenario(heartbeat(false), null), parentAndThreeChildren(FailureKind.CRASH), false);
        RunReport.Upkeep upkeep = outcome.report().upkeep();

        assertThat(upkeep.detection()).isEqualTo("children ask again");
        assertThat(upkeep.repairsByTrigger()).isEmpty();
        // The tracker gives each child P or the CDN node at random.
        int lost = outcome.report().parentLosses();
        assertThat(lost).isPositive();
        assertThat(outcome.report().reasks()).isEqualTo(lost);
        assertThat(upkeep.failureToNewParent())
                .as("each child notices after reaskSeconds (5 s) and is answered at once")
                .isEqualTo(new RunReport.Durations(lost, 0.5, 0.5, 0.5));
        assertThat(upkeep.repairedWithinOneInterval()).isEqualTo(lost);
    }

    @Test
    void wrong_heartbeat_and_failure_settings_are_refused_naming_each_field() {
        Scenario good = scenario(heartbeat(true), null);
        Scenario bad = new Scenario(
                good.name(),
                null,
                null,
                good.durationSeconds(),
                good.content(),
                good.viewers(),
                0,
                null,
                null,
                5,
                5,
                4,
                good.isps(),
                null,
                null,
                null,
                null,
                null,
                good.uplink(),
                null,
                null,
                new Scenario.Heartbeat(0, 0, -1, 0, 1.5, 0),
                new Scenario.Failures(Map.of(FailureKind.STALL, -1.0), 2.0));

        assertThat(good.problems("")).isEmpty();
        assertThat(bad.problems("scenario."))
                .extracting(problem -> problem.field() + ": " + problem.message())
                .containsExactlyInAnyOrder(
                        "scenario.heartbeat.intervalSeconds: must be between 1 and 3600, not 0",
                        "scenario.heartbeat.missedIntervals: must be between 1 and 100, not 0",
                        "scenario.heartbeat.connectGraceSeconds: must be between 0 and 3600, not -1",
                        "scenario.heartbeat.noDataReports: must be between 1 and 100, not 0",
                        "scenario.heartbeat.congestionReports: must be between 1 and 100, not 0",
                        "scenario.heartbeat.congestionRatio: must be above 0 and at most 1, not 1.5",
                        "scenario.failures.kinds.STALL: must be a weight of 0 or more, not -1.0",
                        "scenario.failures.kinds: needs at least one weight above 0",
                        "scenario.failures.slowShare: must be between 0 and 1, not 2.0");
    }
}
