package io.peerage.policy.catalog;

import static io.peerage.policy.catalog.Catalog.compiler;
import static io.peerage.policy.catalog.Catalog.files;
import static io.peerage.policy.catalog.Catalog.shipped;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.policy.PolicyCompiler;
import io.peerage.policy.PolicyFile;
import io.peerage.policy.PolicyProblem;
import io.peerage.policy.PolicySettings;
import io.peerage.policy.PolicySettings.SourcePreference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code rules/settings.json}: read with the rules, part of their version, refused with the line when wrong. */
class SettingsFileTest {

    @Test
    void the_shipped_settings_are_read_with_the_rules() {
        PolicySettings settings = shipped().settings();

        assertThat(settings.provider("sportsnet").blockedCountries()).containsExactly("CN", "RU", "KP");
        assertThat(settings.provider("sportsnet").sourcePreference()).isEqualTo(SourcePreference.PEERS);
        assertThat(settings.provider("cinema-plus").sourcePreference()).isEqualTo(SourcePreference.CDN);
        assertThat(settings.provider("anyone-else")).isEqualTo(settings.providerDefaults());
        assertThat(settings.congestion().spareToDemandRatio()).isEqualTo(1.5);
        assertThat(settings.congestion().betterParentMinQuality()).isEqualTo(0.7);
        assertThat(shipped().files()).extracting(PolicyFile::name).contains("settings.json");
    }

    @Test
    void without_a_settings_file_the_defaults_apply() {
        PolicyCompiler.Result result = compiler()
                .compile(files().stream()
                        .filter(file -> !file.name().equals("settings.json"))
                        .toList());

        assertThat(result.problems()).isEmpty();
        assertThat(result.policySet().orElseThrow().settings()).isEqualTo(PolicySettings.DEFAULTS);
    }

    @Test
    void the_settings_are_part_of_the_version() {
        String other = Catalog.withSettings("{\"congestion\": {\"spareToDemandRatio\": 2}}")
                .checksum();
        String same = Catalog.withSettings(
                        Catalog.read(Catalog.RULES.resolve("settings.json")).text())
                .checksum();

        assertThat(other).isNotEqualTo(shipped().checksum());
        assertThat(same).isEqualTo(shipped().checksum());
    }

    @Test
    void malformed_json_is_refused_with_its_line_and_column() {
        assertThat(problems("{\n  \"providers\": {\n    \"acme\": {\"blockedCountries\": [\"CN\",]}\n  }\n}"))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.file()).isEqualTo("settings.json");
                    assertThat(problem.line()).isEqualTo(3);
                    assertThat(problem.column()).isEqualTo(40);
                    assertThat(problem.message()).startsWith("not well-formed JSON: Unexpected character (']'");
                });
    }

    @Test
    void an_unknown_key_is_refused_with_the_keys_that_are_known() {
        assertThat(problems("{\n  \"providers\": {\n    \"acme\": {\"blockedCountry\": [\"CN\"]}\n  }\n}"))
                .containsExactly(new PolicyProblem(
                        "settings.json",
                        3,
                        14,
                        "providers.acme.blockedCountry: 'blockedCountry' is not a known key; known keys here are"
                                + " blockedCountries, sourcePreference"));
    }

    @Test
    void a_wrong_source_preference_names_the_choices() {
        assertThat(problems("{\"providers\": {\"acme\": {\"sourcePreference\": \"P2P\"}}}"))
                .extracting(PolicyProblem::line, PolicyProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        1, "providers.acme.sourcePreference: 'P2P' is not one of [PEERS, CDN, NONE]"));
    }

    @Test
    void invalid_values_are_each_refused_at_their_own_line() {
        String text = """
                {
                  "providers": {
                    "acme": {
                      "blockedCountries": ["CN", "china", "CN"]
                    }
                  },
                  "congestion": {
                    "spareToDemandRatio": 0,
                    "betterParentMinQuality": 1.5
                  },
                  "format": 2
                }
                """;
        assertThat(problems(text))
                .containsExactlyInAnyOrder(
                        new PolicyProblem(
                                "settings.json",
                                4,
                                34,
                                "providers.acme.blockedCountries[1]: \"china\" is not an ISO 3166-1 alpha-2 country"
                                        + " code in upper case, such as DE"),
                        new PolicyProblem(
                                "settings.json", 4, 43, "providers.acme.blockedCountries[2]: CN is listed twice"),
                        new PolicyProblem(
                                "settings.json",
                                8,
                                5,
                                "congestion.spareToDemandRatio is 0.0: it must be above 0 and at most 100, such as 1.5"
                                        + " (congested when spare uplink is below 1.5 times the demand)"),
                        new PolicyProblem(
                                "settings.json",
                                9,
                                5,
                                "congestion.betterParentMinQuality is 1.5: it must be from 0 to 1, such as 0.7"),
                        new PolicyProblem(
                                "settings.json",
                                11,
                                3,
                                "format 2 is not known: this version of Peerage reads format 1"));
    }

    @Test
    void an_empty_settings_file_is_refused() {
        assertThat(problems("  "))
                .containsExactly(new PolicyProblem(
                        "settings.json",
                        1,
                        1,
                        "the settings file is empty: write {} for a policy set without settings"));
    }

    @Test
    void a_settings_problem_is_reported_beside_the_rules_problems() {
        List<PolicyFile> files = new ArrayList<>(files().stream()
                .filter(file -> !file.name().equals("settings.json"))
                .toList());
        files.add(PolicyFile.of("settings.json", "{\"congestion\": []}"));
        files.add(PolicyFile.of("broken.drl", "package x;\nrule \"half\" when then"));

        List<PolicyProblem> problems = compiler().compile(files).problems();

        assertThat(problems).extracting(PolicyProblem::file).contains("settings.json", "broken.drl");
        assertThat(problems)
                .filteredOn(problem -> problem.file().equals("settings.json"))
                .extracting(PolicyProblem::message)
                .containsExactly("congestion: expected an object in braces");
    }

    private static List<PolicyProblem> problems(String settings) {
        List<PolicyFile> files = new ArrayList<>(files().stream()
                .filter(file -> !file.name().equals("settings.json"))
                .toList());
        files.add(PolicyFile.of("settings.json", settings));
        PolicyCompiler.Result result = compiler().compile(files);
        assertThat(result.policySet()).isEmpty();
        return result.problems();
    }
}
