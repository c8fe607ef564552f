package io.peerage.upkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bound on reactions per node and interval as a plain unit: named cases, no service. */
class ReactionBudgetTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    /** Each reaction asked at {@code seconds} after T0 by one node; the budget is 2 per 10 s. Y acted, n not. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("within the bound", "0 1", "Y Y", 0),
                Arguments.of("beyond the bound in one interval", "0 1 2 9", "Y Y n n", 2),
                Arguments.of("a new interval gives the budget back", "0 1 2 10 11 12", "Y Y n Y Y n", 2),
                Arguments.of("the interval counts from its first reaction", "5 14 15 16", "Y Y Y Y", 0),
                Arguments.of("a clock set back starts a new interval", "20 21 3 4", "Y Y Y Y", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void at_most_the_bound_is_acted_on_per_interval(String name, String seconds, String expected, int notActed) {
        ReactionBudget budget = new ReactionBudget(2, Duration.ofSeconds(10));
        List<String> acted = new ArrayList<>();
        for (String second : seconds.split(" ")) {
            acted.add(budget.tryAct("child", T0.plusSeconds(Long.parseLong(second))) ? "Y" : "n");
        }
        assertThat(String.join(" ", acted)).as(name).isEqualTo(expected);
        assertThat(budget.notActed("child")).as(name).isEqualTo(notActed);
    }

    /**
     * Each step at {@code seconds} after T0: {@code +} asks to act, {@code -S} gives back what was charged at S. The
     * budget is 2 per 10 s. The result is what each {@code +} got (Y acted, n not) and how many count at the end.
     */
    static Stream<Arguments> givenBack() {
        return Stream.of(
                Arguments.of("a reaction given back frees its place", "+0 +1 -1 +2", "Y Y Y", 2),
                Arguments.of("giving back more than was charged keeps the count at 0", "+0 -0 -0 +1 +2", "Y Y Y", 2),
                Arguments.of(
                        "a charge of an interval already over is not given back",
                        "+0 +1 +10 -1 +11 +12",
                        "Y Y Y Y n",
                        2),
                Arguments.of("a node never charged gives back nothing", "-0 +0 +1 +2", "Y Y n", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("givenBack")
    void a_reaction_that_changed_nothing_is_given_back_within_its_interval(
            String name, String steps, String expected, int usedAtEnd) {
        ReactionBudget budget = new ReactionBudget(2, Duration.ofSeconds(10));
        List<String> acted = new ArrayList<>();
        Instant last = T0;
        for (String step : steps.split(" ")) {
            Instant at = T0.plusSeconds(Long.parseLong(step.substring(1)));
            if (step.startsWith("+")) {
                acted.add(budget.tryAct("child", at) ? "Y" : "n");
                last = at;
            } else {
                budget.giveBack("child", at);
            }
        }
        assertThat(String.join(" ", acted)).as(name).isEqualTo(expected);
        assertThat(budget.used("child", last)).as(name).isEqualTo(usedAtEnd);
    }

    @Test
    void each_node_has_its_own_budget_and_a_node_gone_is_forgotten() {
        ReactionBudget budget = new ReactionBudget(1, Duration.ofSeconds(10));
        assertThat(budget.tryAct("a", T0)).isTrue();
        assertThat(budget.tryAct("a", T0)).isFalse();
        assertThat(budget.tryAct("b", T0)).isTrue();
        assertThat(budget.notActed("a")).isEqualTo(1);
        assertThat(budget.notActed("b")).isZero();

        budget.retainOnly(id -> id.equals("b"));

        assertThat(budget.notActed("a")).isZero();
        assertThat(budget.tryAct("a", T0)).isTrue();
    }

    @Test
    void a_bound_of_zero_acts_on_nothing_and_a_negative_one_is_refused() {
        ReactionBudget none = new ReactionBudget(0, Duration.ofSeconds(10));
        assertThat(none.tryAct("a", T0)).isFalse();
        assertThatThrownBy(() -> new ReactionBudget(-1, Duration.ofSeconds(10)))
                .hasMessage("peerage.repair.max-per-interval must be 0 or more, not -1. Maybe 10?");
    }
}
