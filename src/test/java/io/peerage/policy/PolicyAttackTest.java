package io.peerage.policy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.peerage.support.WritableRulesFolder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules that would act instead of decide (write a file, run a process, read a file, reflect, exit, sleep, spin) are
 * refused on every way a policy enters: validate, dry run, PUT, the watched folder and the activation of a stored
 * version. Nothing they would do happens.
 */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class PolicyAttackTest {

    /** Where an attack that ran would leave its mark. */
    static final Path MARK = Path.of("target", "attack-mark").toAbsolutePath();

    @Inject
    PolicyEngine engine;

    @Inject
    PolicyStore store;

    Path folder = WritableRulesFolder.folder();

    record Attack(String name, String consequence, String refusal) {
        @Override
        public String toString() {
            return name;
        }

        String file() {
            return """
                    package peerage.attack;
                    import io.peerage.policy.fact.Candidate;
                    global io.peerage.policy.Verdicts verdicts;

                    rule "Attack"
                        @kind(CLIENT) @strictness(SOFT) @rank(1) @code("attack")
                    when
                        $candidate : Candidate( )
                    then
                        %s
                    end
                    """.formatted(consequence);
        }
    }

    static Stream<Arguments> attacks() {
        String mark = MARK.toString();
        return Stream.of(
                        new Attack(
                                "writes a file",
                                "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + mark + "\"), \"x\");",
                                "names code outside the fact model"),
                        new Attack(
                                "runs a process",
                                "Runtime.getRuntime().exec(new String[] {\"touch\", \"" + mark + "\"});",
                                "'new' is not allowed"),
                        new Attack(
                                "reads a file",
                                "verdicts.reject($candidate, java.nio.file.Files.readString("
                                        + "java.nio.file.Path.of(\"/etc/hostname\")));",
                                "names code outside the fact model"),
                        new Attack(
                                "reflects",
                                "verdicts.reject($candidate, $candidate.getClass().getName());",
                                "'getClass()' is not allowed"),
                        new Attack("exits", "System.exit(1);", "'System.exit' with 1 argument(s) is not something"),
                        new Attack(
                                "sleeps", "Thread.sleep(30000);", "'Thread.sleep' with 1 argument(s) is not something"),
                        new Attack("spins", "while (true) { }", "loops ('while') are not allowed"))
                .map(Arguments::of);
    }

    @AfterEach
    void clean() throws Exception {
        Files.deleteIfExists(folder.resolve("attack.drl"));
        engine.syncFolder();
    }

    @ParameterizedTest(name = "a rule that {0} is refused everywhere")
    @MethodSource("attacks")
    void anAttackIsRefusedOnEveryWayIn(Attack attack) throws Exception {
        int before = engine.current().number();
        Map<String, String> proposal = new HashMap<>();
        engine.current().files().forEach(file -> proposal.put(file.name(), file.text()));
        proposal.put("attack.drl", attack.file());

        given().contentType("application/json")
                .body(Map.of("files", proposal))
                .post("/v1/policies/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("problems[0].file", equalTo("attack.drl"))
                .body("problems[0].line", equalTo(10))
                .body("problems[0].column", greaterThan(0))
                .body("problems[0].message", containsString(attack.refusal()));

        given().contentType("application/json")
                .body(Map.of("files", proposal))
                .post("/v1/policies/dry-run")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/invalid-policy"))
                .body("problems[0].message", containsString(attack.refusal()));

        given().contentType("text/plain")
                .body(attack.file())
                .put("/v1/policies/files/attack.drl")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("problems[0].line", equalTo(10))
                .body("problems[0].message", containsString(attack.refusal()));
        assertThat(folder.resolve("attack.drl")).doesNotExist();

        Files.writeString(folder.resolve("attack.drl"), attack.file());
        assertThat(engine.syncFolder())
                .extracting(PolicyProblem::message)
                .anySatisfy(message -> assertThat(message).contains(attack.refusal()));
        given().get("/v1/policies/status")
                .then()
                .body("problems[0].file", equalTo("attack.drl"))
                .body("problems[0].message", containsString(attack.refusal()));
        Files.delete(folder.resolve("attack.drl"));

        // A version stored before the check existed: activating it is refused like any other way in.
        List<PolicyFile> files = new ArrayList<>(engine.current().files());
        files.add(PolicyFile.of("attack.drl", attack.file()));
        PolicyVersion stored = store.save(
                files, engine.current().files(), PolicyCompiler.checksum(files), "old-author", Instant.now());
        try {
            given().post("/v1/policies/versions/" + stored.number() + "/activate")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("problems[0].message", containsString(attack.refusal()));
        } finally {
            // Other tests of this application number new versions after the active one: the stored attack goes.
            QuarkusTransaction.requiringNew().run(() -> {
                PolicyVersionFileEntity.delete("key.versionNumber", stored.number());
                PolicyVersionEntity.deleteById(stored.number());
            });
        }

        assertThat(engine.current().number()).isEqualTo(before);
        assertThat(MARK).doesNotExist();
    }
}
