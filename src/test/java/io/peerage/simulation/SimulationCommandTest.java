package io.peerage.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command reads a scenario file, YAML or JSON, and prints the report; a wrong file says what is wrong. */
class SimulationCommandTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimulationCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void a_yaml_scenario_prints_a_table_with_both_runs_and_the_targets() throws IOException {
        Path scenario = folder.resolve("small.yaml");
        Files.writeString(scenario, """
                name: small-office
                durationSeconds: 600
                content: { kind: LIVE, bitrateKbps: 2000 }
                viewers: 60
                arrivalSeconds: 60
                failuresPerViewerHour: 1
                isps:
                  - { name: Office, country: US, natTypes: { FULL_CONE: 1 } }
                implementations: { peerage-agent/3.1: 0.7, browser-webrtc/2.1: 0.3 }
                uplink: { medianToBitrate: 4 }
                """);

        assertThat(run(scenario.toString(), "--seed", "3")).isZero();

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table)
                .contains("Scenario small-office (seed 3)")
                .contains("peerage")
                .contains("baseline-tracker")
                .contains("HARD violations")
                .contains("MET  peerage: hard violations 0");
    }

    @Test
    void json_output_is_the_report() throws IOException {
        Path scenario = tinyScenario();

        assertThat(run(scenario.toString(), "--json")).isZero();

        SimulationReport report = report();
        assertThat(report.scenario()).isEqualTo("tiny");
        assertThat(report.runs()).hasSize(2);
    }

    @Test
    void the_pipeline_sizes_are_taken_and_printed_and_one_candidate_is_still_a_local_one() throws IOException {
        Path scenario = folder.resolve("two-isps.json");
        Files.writeString(scenario, """
                {"name": "two-isps", "durationSeconds": 600, "content": {"kind": "LIVE", "bitrateKbps": 1000},
                 "viewers": 120, "arrivalSeconds": 60,
                 "isps": [{"name": "A", "share": 0.5}, {"name": "B", "share": 0.5}],
                 "uplink": {"medianToBitrate": 3}}
                """);

        assertThat(run(scenario.toString(), "--json")).isZero();
        SimulationReport shipped = report();
        assertThat(run(scenario.toString(), "--json", "--shortlist-size", "1", "--doomed-size", "0"))
                .isZero();
        SimulationReport oneCandidate = report();

        // The walk starts in the child's own network: even one candidate per request is a local one where one exists.
        assertThat(oneCandidate.runs().get(0).localityWhereLocalParentExisted())
                .isGreaterThanOrEqualTo(shipped.runs().get(0).localityWhereLocalParentExisted())
                .isGreaterThan(0.9);
        // The tracker's run does not go through the pipeline.
        assertThat(oneCandidate.runs().get(1).withoutTiming())
                .isEqualTo(shipped.runs().get(1).withoutTiming());

        assertThat(run(scenario.toString(), "--shortlist-size", "16")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("pipeline: shortlist 16, doomed sample 64, default maxParents 4");
    }

    @Test
    void a_pipeline_size_out_of_range_is_refused() throws IOException {
        Path scenario = tinyScenario();

        assertThat(run(scenario.toString(), "--shortlist-size", "0")).isEqualTo(2);
        assertThat(run(scenario.toString(), "--doomed-size", "-1")).isEqualTo(2);
        assertThat(run(scenario.toString(), "--doomed-size", "many")).isEqualTo(2);
        assertThat(run(scenario.toString(), "--seed")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--shortlist-size must be between 1 and 4096, not 0")
                .contains("--doomed-size must be between 0 and 4096, not -1")
                .contains("--doomed-size takes a whole number: For input string: \"many\"")
                .contains("--seed lacks its value");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** Twenty viewers on one ISP for five minutes: enough for a report, quick to run. */
    private Path tinyScenario() throws IOException {
        Path scenario = folder.resolve("tiny.json");
        Files.writeString(scenario, """
                {"name": "tiny", "durationSeconds": 300, "content": {"kind": "LIVE", "bitrateKbps": 1000},
                 "viewers": 20, "isps": [{"name": "A"}], "uplink": {"medianToBitrate": 2}}
                """);
        return scenario;
    }

    /** The JSON report the last run printed; the output is cleared for the next run. */
    private SimulationReport report() throws IOException {
        SimulationReport report =
                ScenarioReader.json().readValue(out.toString(StandardCharsets.UTF_8), SimulationReport.class);
        out.reset();
        return report;
    }

    @Test
    void a_wrong_scenario_names_the_field_and_exits_2() throws IOException {
        Path scenario = folder.resolve("wrong.json");
        Files.writeString(scenario, """
                {"name": "wrong", "durationSeconds": 300, "content": {"kind": "LIVE", "bitrateKbps": 1000},
                 "viewers": 0, "isps": [{"name": "A"}], "uplink": {"medianToBitrate": 2}}
                """);

        assertThat(run(scenario.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("viewers: must be between 1 and 100000, not 0");
    }

    @Test
    void an_unknown_field_is_refused() throws IOException {
        Path scenario = folder.resolve("typo.json");
        Files.writeString(scenario, """
                {"name": "typo", "viewerz": 10}
                """);

        assertThat(run(scenario.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("viewerz");
    }
}
