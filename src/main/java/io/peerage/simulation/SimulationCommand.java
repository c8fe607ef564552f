package io.peerage.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.policy.PolicyRejectedException;
import io.peerage.policy.PolicySet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulator as a command:
 *
 * <pre>
 *   ./mvnw -B -q exec:java -Dexec.mainClass=io.peerage.simulation.SimulationCommand \
 *       -Dexec.args="docs/scenarios/soccer-match.json [--rules rules] [--proposed DIR] [--seed N] [--json]
 *           [--shortlist-size N] [--doomed-size N]"
 * </pre>
 *
 * Prints the report as a table (or as JSON with {@code --json}). Exits 2 when the scenario or the policies are wrong.
 * The two sizes tune the pipeline as {@code peerage.allocation.shortlist-size} and {@code doomed-size} tune the
 * service's, so that an operator sees what a change of them does to a swarm before making it.
 */
public final class SimulationCommand {

    private SimulationCommand() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path scenarioFile = null;
        Path rules = Path.of("rules");
        Path proposed = null;
        Long seed = null;
        boolean json = false;
        int shortlistSize = Simulation.Settings.DEFAULTS.shortlistSize();
        int doomedSize = Simulation.Settings.DEFAULTS.doomedSize();
        String option = null;
        try {
            for (int i = 0; i < args.length; i++) {
                option = args[i];
                switch (args[i]) {
                    case "--rules" -> rules = Path.of(args[++i]);
                    case "--proposed" -> proposed = Path.of(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--json" -> json = true;
                    case "--shortlist-size" -> shortlistSize = Integer.parseInt(args[++i]);
                    case "--doomed-size" -> doomedSize = Integer.parseInt(args[++i]);
                    default -> {
                        if (args[i].startsWith("--") || scenarioFile != null) {
                            return usage(err, "unexpected argument " + args[i]);
                        }
                        scenarioFile = Path.of(args[i]);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return usage(err, option + " lacks its value");
        } catch (NumberFormatException e) {
            return usage(err, option + " takes a whole number: " + e.getMessage());
        }
        if (scenarioFile == null) {
            return usage(err, "no scenario file given");
        }
        int walkLimit = Simulation.Settings.DEFAULTS.walkLimit();
        if (shortlistSize < 1 || shortlistSize > walkLimit) {
            return usage(err, "--shortlist-size must be between 1 and " + walkLimit + ", not " + shortlistSize);
        }
        if (doomedSize < 0 || doomedSize > walkLimit) {
            return usage(err, "--doomed-size must be between 0 and " + walkLimit + ", not " + doomedSize);
        }
        Simulation.Settings settings = new Simulation.Settings(
                Simulation.Settings.DEFAULTS.defaultMaxParents(), shortlistSize, doomedSize, walkLimit);
        try {
            Scenario scenario = ScenarioReader.read(scenarioFile);
            PolicySet active = PolicySets.fromFolder(rules);
            PolicySet candidate = proposed == null ? null : PolicySets.fromFolder(proposed);
            SimulationReport report = Simulation.compare(scenario, active, candidate, seed, settings);
            if (json) {
                out.println(
                        ScenarioReader.json().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            } else {
                out.print(table(report, settings));
            }
            return 0;
        } catch (InvalidInputException e) {
            err.println("The scenario " + scenarioFile + " is not valid:");
            for (FieldError error : e.errors()) {
                err.println("  " + error.field() + ": " + error.message());
            }
            return 2;
        } catch (PolicyRejectedException e) {
            err.println("The policies do not compile:");
            e.problems().forEach(problem -> err.println("  " + problem));
            return 2;
        } catch (JsonProcessingException e) {
            err.println("The scenario " + scenarioFile + " cannot be read: " + e.getOriginalMessage());
            return 2;
        } catch (java.io.UncheckedIOException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println("usage: SimulationCommand SCENARIO.json|.yaml [--rules DIR] [--proposed DIR] [--seed N] [--json]"
                + " [--shortlist-size N] [--doomed-size N]");
        return 2;
    }

    /** The report as a person reads it: the swarm, one column per run, and the targets. */
    static String table(SimulationReport report, Simulation.Settings settings) {
        StringBuilder text = new StringBuilder();
        SimulationReport.Swarm swarm = report.swarm();
        text.append("Scenario ")
                .append(report.scenario())
                .append(" (seed ")
                .append(report.seed())
                .append(")\n");
        text.append(String.format(
                Locale.ROOT,
                "  %s, %d kbps, %d s; %d viewers (replacements included), %d seeds, %d CDN nodes;"
                        + " %.1f%% lightweight; median uplink %.2f x the rate%n",
                swarm.kind(),
                swarm.bitrateKbps(),
                swarm.durationSeconds(),
                swarm.viewers(),
                swarm.seeds(),
                swarm.cdnNodes(),
                swarm.lightweightShare() * 100,
                swarm.medianUplinkToBitrate()));
        text.append("  viewers by ISP: ").append(swarm.viewersByIsp()).append("\n");
        text.append(String.format(
                Locale.ROOT,
                "  pipeline: shortlist %d, doomed sample %d, default maxParents %d%n%n",
                settings.shortlistSize(),
                settings.doomedSize(),
                settings.defaultMaxParents()));
        List<String[]> rows = new ArrayList<>();
        List<RunReport> runs = report.runs();
        rows.add(row("", runs, RunReport::allocator));
        rows.add(row("offload", runs, r -> percent(r.offload())));
        rows.add(row("locality (all peer bytes)", runs, r -> percent(r.locality())));
        rows.add(row("locality where a local parent existed", runs, r -> percent(r.localityWhereLocalParentExisted())));
        rows.add(row(
                "HARD violations",
                runs,
                r -> r.hardViolations() + (r.violationsByRule().isEmpty() ? "" : " " + r.violationsByRule())));
        rows.add(row(
                "requests (re-asks, retries)", runs, r -> r.requests() + " (" + r.reasks() + ", " + r.retries() + ")"));
        rows.add(row(
                "children that lost a parent (failures)",
                runs,
                r -> r.parentLosses() + " (" + r.parentFailures() + ")"));
        rows.add(row(
                "lost parent to new parent, s (median/p95/max)",
                runs,
                r -> String.format(
                        Locale.ROOT,
                        "%.1f / %.1f / %.1f",
                        r.failureToNewParent().median(),
                        r.failureToNewParent().p95(),
                        r.failureToNewParent().max())));
        rows.add(row("failures found by", runs, r -> r.upkeep().detection()));
        rows.add(row(
                "failure to new parent, intervals (median/p95/max)",
                runs,
                r -> summary(r.upkeep().failureToNewParent())));
        rows.add(row(
                "detection to new parent, intervals (median/p95/max)",
                runs,
                r -> summary(r.upkeep().detectionToRepair())));
        rows.add(row(
                "lost parents found: new one within 1 interval / later / never",
                runs,
                r -> r.upkeep().repairedWithinOneInterval() + " / " + r.upkeep().repairedLater() + " / "
                        + r.upkeep().unrepaired()));
        rows.add(row(
                "repairs by trigger",
                runs,
                r -> r.upkeep().repairsByTrigger().isEmpty()
                        ? "-"
                        : r.upkeep().repairsByTrigger().toString()));
        rows.add(row(
                "HARD violations in repairs",
                runs,
                r -> String.valueOf(r.upkeep().hardViolationsInRepairs())));
        rows.add(row(
                "children below the rate per interval (median/p95/max)",
                runs,
                r -> String.format(
                        Locale.ROOT,
                        "%.0f / %.0f / %.0f",
                        r.upkeep().childrenBelowRatePerInterval().median(),
                        r.upkeep().childrenBelowRatePerInterval().p95(),
                        r.upkeep().childrenBelowRatePerInterval().max())));
        rows.add(row("children ever below the rate", runs, r -> String.valueOf(r.childrenBelowRate())));
        rows.add(row(
                "answers below the rate (no parent)",
                runs,
                r -> r.answersBelowRate() + " (" + r.answersWithoutParent() + ")"));
        rows.add(row("children's time below the rate", runs, r -> percent(r.starvedTimeShare())));
        rows.add(row("children below the rate at the end", runs, r -> String.valueOf(r.childrenBelowRateAtEnd())));
        rows.add(row(
                "GB from peers / CDN nodes / CDN fallback",
                runs,
                r -> String.format(
                        Locale.ROOT,
                        "%.1f / %.1f / %.1f",
                        r.bytes().peers(),
                        r.bytes().cdnNodes(),
                        r.bytes().cdnFallback())));
        rows.add(row("wall time", runs, r -> String.format(Locale.ROOT, "%.1f s", r.wallMillis() / 1000.0)));
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            text.append(' ');
            for (int i = 0; i < row.length; i++) {
                text.append(' ').append(pad(row[i], widths[i])).append(i == 0 ? " |" : "");
            }
            text.append('\n');
        }
        text.append("\nTargets:\n");
        for (SimulationReport.Target target : report.targets()) {
            text.append(String.format(
                    Locale.ROOT,
                    "  %-4s %s: %s %s, got %s%n",
                    target.met() ? "MET" : "MISS",
                    target.run(),
                    target.name(),
                    target.wanted(),
                    trim(target.actual())));
        }
        return text.toString();
    }

    private static String[] row(
            String label, List<RunReport> runs, java.util.function.Function<RunReport, String> cell) {
        String[] row = new String[runs.size() + 1];
        row[0] = label;
        for (int i = 0; i < runs.size(); i++) {
            row[i + 1] = cell.apply(runs.get(i));
        }
        return row;
    }

    private static String summary(RunReport.Durations durations) {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", durations.median(), durations.p95(), durations.max());
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
