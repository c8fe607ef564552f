package io.peerage.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restart does with the rules folder: a folder that matches a stored version activates that version, and only
 * files never stored before make a new one. Each "restart" is a fresh engine started on the same database, as a new
 * process would be.
 */
@QuarkusTest
class PolicyRestartTest {

    static final String EXTRA = """
            package peerage.restart;

            import io.peerage.policy.fact.Candidate;
            global io.peerage.policy.Verdicts verdicts;

            rule "Restart test: waypoints never serve"
                @kind(PROVIDER) @strictness(HARD) @rank(7) @code("restart-no-waypoint")
            when
                $candidate : Candidate( node.waypoint, $parent : node.id )
            then
                verdicts.reject($candidate, $parent + " is a waypoint");
            end
            """;

    @Inject
    PolicyStore store;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    @TempDir
    Path folder;

    @Test
    void a_restart_activates_the_stored_version_the_folder_matches_and_makes_a_version_only_for_a_change()
            throws IOException {
        copyShippedRules();
        int shipped = restart().current().number();
        long versions = versionCount();
        assertThat(shipped).as("the shipped files are stored already").isPositive();

        PolicyEngine again = restart();
        assertThat(again.current().number()).isEqualTo(shipped);
        assertThat(versionCount()).as("no version without a change").isEqualTo(versions);
        assertThat(store.latestActivation().orElseThrow().versionNumber()).isEqualTo(shipped);

        Files.writeString(folder.resolve("restart-extra.drl"), EXTRA);
        PolicyEngine edited = restart();
        int extra = edited.current().number();
        assertThat(versionCount())
                .as("an edit made while stopped is a new version")
                .isEqualTo(versions + 1);
        assertThat(extra).isGreaterThan(shipped);
        assertThat(edited.current().rules()).containsKey("Restart test: waypoints never serve");

        PolicyEngine unchanged = restart();
        assertThat(unchanged.current().number()).isEqualTo(extra);
        assertThat(versionCount()).isEqualTo(versions + 1);

        Files.delete(folder.resolve("restart-extra.drl"));
        PolicyEngine back = restart();
        assertThat(back.current().number())
                .as("files back as they were activate the version stored for them")
                .isEqualTo(shipped);
        assertThat(back.current().rules()).doesNotContainKey("Restart test: waypoints never serve");
        assertThat(versionCount()).isEqualTo(versions + 1);
        assertThat(store.latestActivation().orElseThrow().versionNumber()).isEqualTo(shipped);
    }

    static final String REFUSED = EXTRA.replace("peerage.restart", "peerage.restart.refused")
            .replace("Restart test: waypoints never serve", "Restart test: refused by the guard")
            .replace("restart-no-waypoint", "restart-refused");

    /** Refuses every set with the rule of {@link #REFUSED}, as the live share would. */
    private static final ActivationGuard REFUSES_IT =
            set -> set.rules().containsKey("Restart test: refused by the guard")
                    ? java.util.Optional.of(new ActivationRefusedException(3, 4, 0.75, 0.2))
                    : java.util.Optional.empty();

    @Test
    void a_folder_edit_the_guard_refused_is_not_activated_by_a_restart_and_goes_in_once_the_guard_lets_it()
            throws IOException {
        copyShippedRules();
        int shipped = restart().current().number();
        Files.writeString(folder.resolve("restart-refused.drl"), REFUSED);

        PolicyEngine refused = restart(REFUSES_IT);
        int number = store.numberOf(refused.lastFolderCheck().checksum()).orElseThrow();
        long versions = versionCount();
        assertThat(number).as("stored").isGreaterThan(shipped);
        assertThat(refused.current().number()).as("not activated").isEqualTo(shipped);
        String howToConfirm = "stored as version " + number + " and not activated: the new policies forbid a parent"
                + " of 3 of 4 live allocations (75%), more than the 20% an activation may repair unconfirmed"
                + " (peerage.repair.max-activation-share); nothing changed. Maybe check the dry run, then send the"
                + " same request with ?confirm=true (POST /v1/policies/versions/" + number + "/activate?confirm=true)";
        assertThat(refused.lastFolderCheck().problems())
                .extracting(PolicyProblem::message)
                .containsExactly(howToConfirm);

        PolicyEngine again = restart(REFUSES_IT);
        assertThat(again.current().number())
                .as("a restart does not activate the refused version unguarded")
                .isEqualTo(shipped);
        assertThat(store.latestActivation().orElseThrow().versionNumber()).isEqualTo(shipped);
        assertThat(versionCount()).as("nor stores it again").isEqualTo(versions);
        assertThat(again.lastFolderCheck().problems())
                .extracting(PolicyProblem::message)
                .containsExactly(howToConfirm);

        PolicyEngine allowed = restart(set -> java.util.Optional.empty());
        assertThat(allowed.current().number())
                .as("once the guard lets it, the stored version itself goes in")
                .isEqualTo(number);
        assertThat(allowed.current().rules()).containsKey("Restart test: refused by the guard");
        assertThat(versionCount()).isEqualTo(versions);
        assertThat(allowed.lastFolderCheck().problems()).isEmpty();

        Files.delete(folder.resolve("restart-refused.drl"));
        assertThat(restart().current().number()).isEqualTo(shipped);
    }

    private PolicyEngine restart() {
        return restart(null);
    }

    /** A fresh engine on the same database, started as a process starts: policies, then (the swarm), then the folder. */
    private PolicyEngine restart(ActivationGuard guard) {
        PolicyEngine engine = new PolicyEngine(folder, java.time.Duration.ofMillis(50), store, clock);
        if (guard != null) {
            engine.guardWith(guard);
        }
        engine.onStart(null);
        engine.syncAfterSwarmRestored(null);
        return engine;
    }

    private long versionCount() {
        return QuarkusTransaction.requiringNew()
                .call(() -> entityManager
                        .createQuery("select count(v) from PolicyVersionEntity v", Long.class)
                        .getSingleResult());
    }

    private void copyShippedRules() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".drl")
                            || f.getFileName().toString().equals("settings.json"))
                    .toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
    }
}
