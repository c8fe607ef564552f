package io.peerage.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.policy.ActivationRefusedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The share of live allocations an activation would repair, and when it needs confirmation. */
class ActivationShareTest {

    private record Case(String name, int repairs, int live, double maxShare, double share, boolean confirmNeeded) {}

    @Test
    void an_activation_needs_confirmation_only_above_the_share() {
        List<Case> cases = List.of(
                new Case("nothing live: nothing to repair", 0, 0, 0.2, 0, false),
                new Case("nothing forbidden", 0, 50, 0.2, 0, false),
                new Case("exactly the share goes in unconfirmed", 2, 10, 0.2, 0.2, false),
                new Case("one more than the share needs confirm", 3, 10, 0.2, 0.3, true),
                new Case("every allocation", 5, 5, 0.2, 1, true),
                new Case("a share of 0 confirms any repair", 1, 1000, 0, 0.001, true),
                new Case("a share of 1 never asks", 7, 7, 1, 1, false));
        for (Case c : cases) {
            ActivationShare.Measure measure = ActivationShare.measure(c.repairs(), c.live(), c.maxShare());
            assertThat(measure)
                    .as(c.name())
                    .isEqualTo(new ActivationShare.Measure(
                            c.repairs(), c.live(), c.share(), c.maxShare(), c.confirmNeeded()));
        }
    }

    private record Percent(String name, double share, String text) {}

    @Test
    void a_share_is_told_as_a_percentage_with_at_most_one_decimal() {
        List<Percent> cases = List.of(
                new Percent("none", 0, "0%"),
                new Percent("the default limit", 0.2, "20%"),
                new Percent("a third", 1.0 / 3, "33.3%"),
                new Percent("all", 1, "100%"),
                new Percent("a small share rounds to a tenth", 0.00049, "0%"),
                new Percent("half a tenth rounds up", 0.0005, "0.1%"));
        for (Percent c : cases) {
            assertThat(ActivationRefusedException.percent(c.share()))
                    .as(c.name())
                    .isEqualTo(c.text());
        }
    }

    @Test
    void the_refusal_says_how_many_what_share_and_how_to_confirm() {
        assertThat(new ActivationRefusedException(3, 9, 3.0 / 9, 0.2).getMessage())
                .isEqualTo("the new policies forbid a parent of 3 of 9 live allocations (33.3%), more than the 20%"
                        + " an activation may repair unconfirmed (peerage.repair.max-activation-share); nothing"
                        + " changed. Maybe check the dry run, then send the same request with ?confirm=true");
    }

    @Test
    void a_check_that_could_not_finish_needs_confirmation_and_says_why() {
        ActivationRefusedException unmeasured = ActivationRefusedException.unmeasured(
                250_000, 0.2, "their 1000000 parents are more pairs than one check examines");
        assertThat(unmeasured.measured()).isFalse();
        assertThat(unmeasured.liveAllocations()).isEqualTo(250_000);
        assertThat(unmeasured.getMessage())
                .isEqualTo("the new policies could not be checked against the 250000 live allocations: their 1000000"
                        + " parents are more pairs than one check examines. An activation that may repair more than"
                        + " 20% of them (peerage.repair.max-activation-share) needs confirming; nothing changed. Send"
                        + " the same request with ?confirm=true if the change is meant");
        assertThat(new ActivationRefusedException(3, 9, 3.0 / 9, 0.2).measured())
                .isTrue();
    }
}
