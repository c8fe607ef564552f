package io.peerage.policy;

import static io.peerage.policy.Facts.candidate;
import static io.peerage.policy.Facts.cdn;
import static io.peerage.policy.Facts.peer;
import static io.peerage.policy.Facts.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerage.policy.Facts.Node;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time budget of one evaluation, looked at before each firing, on a clock the test moves. */
class EvaluationBudgetTest {

    private final Node child = peer("child-1");

    /**
     * A clock that moves on by a step each time it is read: the engine reads it once before each firing, so every
     * firing looks as slow as the step, as when a fact getter is slow.
     */
    static final class SlowClock extends Clock {
        private final Duration step;
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

        SlowClock(Duration step) {
            this.step = step;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            Instant read = now;
            now = now.plus(step);
            return read;
        }
    }

    private static final String TWO_RULES = """
            rule "CDN nodes are preferred"
                @kind(NETWORK) @strictness(SOFT) @rank(2) @code("prefer-cdn") salience 10
            when
                $candidate : Candidate( node.cdn )
            then
                verdicts.prefer($candidate, 25, "a CDN node");
            end

            rule "Peers are preferred less"
                @kind(NETWORK) @strictness(SOFT) @rank(3) @code("prefer-peer")
            when
                $candidate : Candidate( node.peer )
            then
                verdicts.prefer($candidate, 5, "a peer");
            end
            """;

    @Test
    void anEvaluationPastItsBudgetFailsNamingTheLastRuleThatFired() {
        PolicySet policies = Policies.compile(Policies.file("network.drl", TWO_RULES))
                .budgeted(new EvaluationBudget(Duration.ofMillis(50), new SlowClock(Duration.ofMillis(30))));
        List<io.peerage.policy.fact.Candidate> candidates =
                List.of(candidate(cdn("cdn-1"), child), candidate(peer("peer-2"), child));

        policies.evaluate(request(child), candidates); // the first evaluation compiles; it is not held to the budget

        // Start at 0 ms; the first firing is looked at after 30 ms, the second after 60 ms: past 50 ms.
        assertThatThrownBy(() -> policies.evaluate(request(child), candidates))
                .isInstanceOfSatisfying(PolicyTimeoutException.class, timeout -> {
                    assertThat(timeout.lastRule()).isEqualTo("CDN nodes are preferred");
                    assertThat(timeout.elapsed()).isEqualTo(Duration.ofMillis(60));
                    assertThat(timeout.budget()).isEqualTo(Duration.ofMillis(50));
                })
                .hasMessage("the policies took 60 ms, over their budget of 50 ms; the last rule that fired was"
                        + " \"CDN nodes are preferred\"");
    }

    @Test
    void anEvaluationWithinItsBudgetGivesItsVerdicts() {
        PolicySet policies = Policies.compile(Policies.file("network.drl", TWO_RULES))
                .budgeted(new EvaluationBudget(Duration.ofMillis(50), new SlowClock(Duration.ofMillis(20))));

        List<io.peerage.policy.fact.Candidate> candidates =
                List.of(candidate(cdn("cdn-1"), child), candidate(peer("peer-2"), child));
        policies.evaluate(request(child), candidates);

        PolicyEvaluation evaluation = policies.evaluate(request(child), candidates);

        assertThat(evaluation.preferencesOf("cdn-1"))
                .extracting(Preference::message)
                .containsExactly("a CDN node");
        assertThat(evaluation.preferencesOf("peer-2"))
                .extracting(Preference::message)
                .containsExactly("a peer");
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> new EvaluationBudget(Duration.ZERO, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("peerage.policy.evaluation-budget must be positive, not PT0S");
    }
}
