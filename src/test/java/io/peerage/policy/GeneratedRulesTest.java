package io.peerage.policy;

import static io.peerage.policy.Facts.candidate;
import static io.peerage.policy.Facts.cdn;
import static io.peerage.policy.Facts.peer;
import static io.peerage.policy.Facts.request;
import static io.peerage.policy.Facts.waypoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.policy.check.AllowList;
import io.peerage.policy.check.ValueType;
import io.peerage.policy.fact.Candidate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules drawn at random, from a fixed seed, out of the admitted subset: patterns over the fact model, constraints on
 * the getters {@link AllowList} admits with the operators their types take, and consequences that give verdicts with
 * messages built from bound values and allowed members. Each file must pass the check, compile through the real
 * {@link PolicyCompiler} and run over a few candidates within the evaluation budget.
 */
class GeneratedRulesTest {

    private static final long SEED = 20261202L;
    private static final int FILES = 20;
    private static final int RULES_PER_FILE = 4;

    /** The fact classes a property chain may pass through, by the simple name {@link AllowList} gives them. */
    private static final List<String> NESTED = List.of("NodeFacts", "ContentFacts", "NetworkPath");

    /** A file of generated rules and the seed that drew it, so that a failure can be replayed. */
    record Generated(long seed, String text) {
        @Override
        public String toString() {
            return "seed " + seed;
        }
    }

    static Stream<Arguments> files() {
        Random seeds = new Random(SEED);
        return IntStream.range(0, FILES).mapToObj(i -> {
            long seed = seeds.nextLong();
            return Arguments.of(new Generated(seed, new Generator(new Random(seed)).file(i)));
        });
    }

    /**
     * A clock that moves on by one millisecond each time it is read; the engine reads it before each firing, so the
     * budget below bounds the number of firings, whatever the speed of the machine.
     */
    static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

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
            now = now.plusMillis(1);
            return read;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void eachGeneratedFileCompilesAndRunsWithinTheBudget(Generated generated) {
        PolicyCompiler.Result result =
                Policies.compiler().compile(List.of(PolicyFile.of("generated.drl", generated.text())));
        assertThat(result.problems()).as("problems of\n" + generated.text()).isEmpty();

        // Every rule matches at most one candidate, so three candidates fire at most 3 per rule, plus the control
        // rule's 3: well within 50 firings of one millisecond each.
        PolicySet policies = result.policySet()
                .orElseThrow()
                .budgeted(new EvaluationBudget(Duration.ofMillis(50), new TickingClock()));
        Facts.Node child = peer("child-1");
        List<Candidate> candidates = List.of(
                candidate(cdn("cdn-1"), child), candidate(peer("peer-2"), child), candidate(waypoint("way-3"), child));

        for (int round = 0; round < 2; round++) { // the first evaluation compiles; the second is held to the budget
            PolicyEvaluation evaluation = policies.evaluate(request(child), candidates);
            for (Candidate candidate : candidates) {
                assertThat(evaluation.preferencesOf(candidate.getId()))
                        .as("the control rule fired for " + candidate.getId())
                        .extracting(Preference::message)
                        .contains("control " + candidate.getId());
            }
        }
    }

    /** Draws rules out of the admitted subset. */
    static final class Generator {
        private final Random random;
        private final List<AllowList.Member> properties = AllowList.members().stream()
                .filter(m -> m.kind() == AllowList.Kind.PROPERTY)
                .toList();

        Generator(Random random) {
            this.random = random;
        }

        String file(int index) {
            StringBuilder text = new StringBuilder(Policies.HEADER);
            text.append("""
                    rule "Control %d"
                        @kind(CLIENT) @strictness(SOFT) @rank(1) @code("control")
                    when
                        $c : Candidate( $id : id )
                    then
                        verdicts.prefer($c, 1, "control " + $id);
                    end

                    """.formatted(index));
            for (int r = 0; r < RULES_PER_FILE; r++) {
                text.append(rule(index, r));
            }
            return text.toString();
        }

        private String rule(int file, int number) {
            List<String> constraints = new ArrayList<>();
            List<String> bindings = new ArrayList<>();
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                AllowList.Member member = pick("Candidate");
                String chain = member.name();
                ValueType type = member.returns();
                String owner = type.raw().getSimpleName();
                if (NESTED.contains(owner)) {
                    AllowList.Member nested = pick(owner);
                    chain = chain + "." + nested.name();
                    type = nested.returns();
                }
                if (NESTED.contains(type.raw().getSimpleName())) {
                    constraints.add(chain + " != null");
                    continue;
                }
                constraints.add(constraint(chain, type));
                if (type.isString() && random.nextBoolean()) {
                    String binding = "$b" + i;
                    constraints.add(binding + " : " + chain);
                    bindings.add(binding);
                }
            }
            StringBuilder when = new StringBuilder("    $c : Candidate( " + String.join(", ", constraints) + " )");
            if (random.nextInt(3) == 0) {
                when.append(random.nextBoolean() ? "\n    AllocationRequest( " : "\n    not AllocationRequest( ")
                        .append(random.nextBoolean() ? "congested" : "maxParents > 1")
                        .append(" )");
            }
            String message = message(bindings);
            boolean reject = random.nextBoolean();
            String then = reject
                    ? "    verdicts.reject($c, " + message + ");"
                    : "    verdicts.prefer($c, " + random.nextInt(20) + ", " + message + ");";
            if (random.nextInt(4) == 0) {
                then = "    if ($c.getNode().getQuality() > 0.5) {\n    " + then + "\n    }";
            }
            return """
                    rule "Generated %d-%d"
                        @kind(%s) @strictness(%s) @rank(%d) @code("generated-%d-%d")
                    when
                    %s
                    then
                    %s
                    end

                    """.formatted(
                            file,
                            number,
                            reject ? "PROVIDER" : "NETWORK",
                            reject && random.nextBoolean() ? "HARD" : "SOFT",
                            10 + number,
                            file,
                            number,
                            when,
                            then);
        }

        private String constraint(String chain, ValueType type) {
            if (type.isBoolean()) {
                return random.nextBoolean() ? chain : "!" + chain;
            }
            if (type.isString()) {
                return switch (random.nextInt(3)) {
                    case 0 -> chain + " == \"DE\"";
                    case 1 -> chain + " != \"x\"";
                    default -> chain + " in (\"a\", \"b\")";
                };
            }
            if (type.isNumber()) {
                String operator = List.of(">", ">=", "<", "<=", "==", "!=").get(random.nextInt(6));
                return chain + " " + operator + " " + random.nextInt(100) + (random.nextBoolean() ? " * 2" : "");
            }
            if (type.isList()) {
                if (type.element() == String.class && random.nextBoolean()) {
                    return chain + (random.nextBoolean() ? " contains \"x\"" : " not contains \"x\"");
                }
                return chain + ".size() >= " + random.nextInt(3);
            }
            return chain + " != null";
        }

        private String message(List<String> bindings) {
            List<String> parts = new ArrayList<>();
            parts.add("\"generated\"");
            for (String binding : bindings) {
                parts.add(random.nextBoolean() ? binding : binding + ".toLowerCase()");
            }
            switch (random.nextInt(3)) {
                case 0 -> parts.add("$c.getNode().getId()");
                case 1 -> parts.add("String.valueOf($c.getNode().getQuality())");
                default -> parts.add("$c.getChild().getId().toUpperCase()");
            }
            return String.join(" + \" \" + ", parts);
        }

        private AllowList.Member pick(String owner) {
            List<AllowList.Member> of =
                    properties.stream().filter(m -> m.owner().equals(owner)).toList();
            return of.get(random.nextInt(of.size()));
        }
    }
}
