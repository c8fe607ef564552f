package io.peerage.simulation;

import io.peerage.allocation.AllocationSettings;
import io.peerage.budget.RunControl;
import io.peerage.content.Content;
import io.peerage.content.ContentKind;
import io.peerage.content.Media;
import io.peerage.error.InvalidInputException;
import io.peerage.policy.PolicySet;
import io.peerage.swarm.Swarm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a scenario through Peerage's real allocation pipeline and through a plain tracker, on the same swarm drawn from
 * the same seed, and says how they compare and whether Peerage keeps its promises.
 */
public final class Simulation {

    public static final String PEERAGE = "peerage";
    public static final String PROPOSED = "peerage-proposed";
    public static final String BASELINE = "baseline-tracker";

    /** Locality wanted where a peer of the child's ISP could serve it. */
    public static final double LOCALITY_TARGET = 0.90;

    /** Offload wanted in a live swarm (the promise is for 30% lightweight peers and uplink 1.5 x the rate). */
    public static final double OFFLOAD_TARGET = 0.85;

    private Simulation() {}

    /** The tuning of the pipeline as the service ships it; see docs/operations.md. */
    public record Settings(
            int defaultMaxParents, int shortlistSize, int doomedSize, int walkLimit, int infrastructureSlots)
            implements AllocationSettings {

        public static final Settings DEFAULTS = new Settings(4, 8, 64, 4096, 2);

        /** The service's default number of CDN and waypoint slots. */
        public Settings(int defaultMaxParents, int shortlistSize, int doomedSize, int walkLimit) {
            this(defaultMaxParents, shortlistSize, doomedSize, walkLimit, 2);
        }

        public static Settings of(AllocationSettings settings) {
            return new Settings(
                    settings.defaultMaxParents(),
                    settings.shortlistSize(),
                    settings.doomedSize(),
                    settings.walkLimit(),
                    settings.infrastructureSlots());
        }
    }

    /**
     * @param proposed policies to compare with the active ones, or null
     * @param seed the seed, or null for the scenario's own (or 1)
     * @throws InvalidInputException when the scenario is incomplete or out of range, naming each field
     */
    public static SimulationReport compare(
            Scenario scenario, PolicySet active, PolicySet proposed, Long seed, Settings settings) {
        return compare(scenario, active, proposed, seed, settings, RunControl.UNLIMITED);
    }

    /**
     * As {@link #compare(Scenario, PolicySet, PolicySet, Long, Settings)}, checking {@code control} as it goes.
     *
     * @throws io.peerage.budget.WorkStoppedException when the control says stop: cancelled, or past its limit
     */
    public static SimulationReport compare(
            Scenario scenario, PolicySet active, PolicySet proposed, Long seed, Settings settings, RunControl control) {
        List<io.peerage.error.FieldError> problems = scenario.problems("");
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long chosenSeed = seed != null ? seed : scenario.seed() != null ? scenario.seed() : 1L;
        Population population = Population.draw(scenario, chosenSeed, control);
        Content content = content(scenario);
        int maxParents = scenario.maxParents() == null ? settings.defaultMaxParents() : scenario.maxParents();

        List<RunReport> runs = new ArrayList<>();
        runs.add(peerage(PEERAGE, scenario, population, content, active, active, settings, maxParents, control));
        runs.add(baseline(scenario, population, content, active, chosenSeed, maxParents, control));
        if (proposed != null) {
            runs.add(peerage(PROPOSED, scenario, population, content, proposed, active, settings, maxParents, control));
        }
        List<SimulationReport.Target> targets = new ArrayList<>();
        for (RunReport run : runs) {
            if (run.allocator().equals(BASELINE)) {
                continue;
            }
            targets.add(new SimulationReport.Target(
                    run.allocator(), "hard violations", "0", run.hardViolations(), run.hardViolations() == 0));
            targets.add(new SimulationReport.Target(
                    run.allocator(),
                    "locality where a local parent existed",
                    ">= " + LOCALITY_TARGET,
                    run.localityWhereLocalParentExisted(),
                    run.localityWhereLocalParentExisted() >= LOCALITY_TARGET));
            RunReport.Upkeep upkeep = run.upkeep();
            int found = upkeep.repairedWithinOneInterval() + upkeep.repairedLater() + upkeep.unrepaired();
            targets.add(new SimulationReport.Target(
                    run.allocator(),
                    "children of a failed parent given a new one within one interval after detection",
                    "all (" + found + ")",
                    upkeep.repairedWithinOneInterval(),
                    upkeep.repairedWithinOneInterval() == found));
            targets.add(new SimulationReport.Target(
                    run.allocator(),
                    "hard violations through repairs",
                    "0",
                    upkeep.hardViolationsInRepairs(),
                    upkeep.hardViolationsInRepairs() == 0));
            if (content.kind() == ContentKind.LIVE) {
                targets.add(new SimulationReport.Target(
                        run.allocator(),
                        "offload (live)",
                        ">= " + OFFLOAD_TARGET,
                        run.offload(),
                        run.offload() >= OFFLOAD_TARGET));
            }
        }
        return new SimulationReport(
                scenario.name(),
                scenario.description(),
                chosenSeed,
                describe(scenario, population, active, control),
                runs,
                targets);
    }

    private static RunReport peerage(
            String name,
            Scenario scenario,
            Population population,
            Content content,
            PolicySet policies,
            PolicySet truth,
            Settings settings,
            int maxParents,
            RunControl control) {
        Swarm swarm = new Swarm();
        Simulator simulator = new Simulator(
                scenario,
                population,
                content,
                swarm,
                new PeerageAllocator(swarm, settings, policies),
                policies::classify,
                truth,
                maxParents,
                control);
        return simulator.run(name, label(policies));
    }

    /** The tracker knows no policy; its nodes are what they are, as the active policies classify them. */
    private static RunReport baseline(
            Scenario scenario,
            Population population,
            Content content,
            PolicySet truth,
            long seed,
            int maxParents,
            RunControl control) {
        Swarm swarm = new Swarm();
        Simulator simulator = new Simulator(
                scenario,
                population,
                content,
                swarm,
                new TrackerAllocator(swarm, seed),
                truth::classify,
                truth,
                maxParents,
                control);
        return simulator.run(BASELINE, "none");
    }

    private static String label(PolicySet policies) {
        return (policies.number() > 0 ? "version " + policies.number() + ", " : "") + "checksum " + policies.checksum();
    }

    static Content content(Scenario scenario) {
        Scenario.ContentSpec spec = scenario.content();
        String id = "simulated-" + spec.kind().name().toLowerCase(java.util.Locale.ROOT);
        return new Content(
                        id,
                        spec.kind(),
                        spec.media() == null ? Media.VIDEO : spec.media(),
                        spec.bitrateKbps(),
                        spec.monetization(),
                        spec.provider(),
                        spec.category(),
                        scenario.name(),
                        0)
                .withDefaults(id);
    }

    private static SimulationReport.Swarm describe(
            Scenario scenario, Population population, PolicySet active, RunControl control) {
        int lightweight = 0;
        Map<String, Integer> byIsp = new TreeMap<>();
        List<Long> uplinks = new ArrayList<>();
        for (Population.Viewer viewer : population.viewers()) {
            control.tick();
            if (active.classify(viewer.profile()).isLightweight()) {
                lightweight++;
            }
            byIsp.merge(String.valueOf(viewer.profile().network().isp()), 1, Integer::sum);
            uplinks.add(viewer.profile().uplinkKbps());
        }
        uplinks.sort(Long::compare);
        int count = population.viewers().size();
        double median = count == 0
                ? 0
                : uplinks.get(count / 2) / (double) scenario.content().bitrateKbps();
        return new SimulationReport.Swarm(
                scenario.content().kind().name(),
                scenario.content().bitrateKbps(),
                scenario.durationSeconds(),
                count,
                population.seeds().size(),
                population.infrastructure().size(),
                count == 0 ? 0 : Simulator.round(lightweight / (double) count, 4),
                Simulator.round(median, 2),
                byIsp);
    }
}
