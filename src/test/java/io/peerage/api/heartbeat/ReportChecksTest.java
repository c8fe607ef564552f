package io.peerage.api.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.node.HeartbeatReport;
import io.peerage.node.HeartbeatReport.Holding;
import io.peerage.node.HeartbeatReport.Reception;
import io.peerage.node.HeartbeatReport.Sending;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The route's checks of a report give Bean Validation's answer (plus the repeated parents), case by case. */
class ReportChecksTest {

    private static final ValidatorFactory FACTORY = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new TemplatesOnly())
            .buildValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    /** Only whether a constraint is broken matters here, not its message. */
    private static final class TemplatesOnly implements MessageInterpolator {
        @Override
        public String interpolate(String template, Context context) {
            return template;
        }

        @Override
        public String interpolate(String template, Context context, Locale locale) {
            return template;
        }
    }

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    /** What the REST resource would say: no constraint broken and no parent named twice. */
    private static boolean resourceAccepts(HeartbeatReport report) {
        return report == null
                || VALIDATOR.validate(report).isEmpty()
                        && ReportChecks.repeatedReceptions(report).isEmpty();
    }

    private static HeartbeatReport report(
            Long uplink,
            List<Reception> receiving,
            Long sequence,
            String seenEpoch,
            List<Sending> sending,
            Double cpuLoad,
            Long storage,
            List<Holding> holdings) {
        return new HeartbeatReport(uplink, receiving, sequence, seenEpoch, sending, cpuLoad, storage, holdings);
    }

    private static HeartbeatReport receiving(Reception... receptions) {
        return report(null, Arrays.asList(receptions), null, null, null, null, null, null);
    }

    private static HeartbeatReport sending(Sending... sendings) {
        return report(null, null, null, null, Arrays.asList(sendings), null, null, null);
    }

    private static HeartbeatReport holdings(Holding... holdings) {
        return report(null, null, null, null, null, null, null, Arrays.asList(holdings));
    }

    private static Reception reception(String allocation, String parent, Long rate, Long bytes, Long position) {
        return new Reception(allocation, parent, rate, bytes, position);
    }

    static Stream<Arguments> cases() {
        String epoch100 = "e".repeat(100);
        return Stream.of(
                Arguments.of("no report", null, true),
                Arguments.of("an empty report", report(null, null, null, null, null, null, null, null), true),
                Arguments.of("uplink 0", report(0L, null, null, null, null, null, null, null), true),
                Arguments.of(
                        "uplink at its maximum", report(100_000_000L, null, null, null, null, null, null, null), true),
                Arguments.of("uplink above it", report(100_000_001L, null, null, null, null, null, null, null), false),
                Arguments.of("uplink below 0", report(-1L, null, null, null, null, null, null, null), false),
                Arguments.of("sequence 0", report(null, null, 0L, null, null, null, null, null), true),
                Arguments.of("sequence below 0", report(null, null, -1L, null, null, null, null, null), false),
                Arguments.of("epoch of 100", report(null, null, null, epoch100, null, null, null, null), true),
                Arguments.of("epoch of 101", report(null, null, null, epoch100 + "e", null, null, null, null), false),
                Arguments.of("empty epoch", report(null, null, null, "", null, null, null, null), true),
                Arguments.of("cpu 0", report(null, null, null, null, null, 0.0, null, null), true),
                Arguments.of("cpu -0", report(null, null, null, null, null, -0.0, null, null), true),
                Arguments.of("cpu 1", report(null, null, null, null, null, 1.0, null, null), true),
                Arguments.of(
                        "cpu just above 1", report(null, null, null, null, null, Math.nextUp(1.0), null, null), false),
                Arguments.of(
                        "cpu just below 0", report(null, null, null, null, null, -Double.MIN_VALUE, null, null), false),
                Arguments.of(
                        "cpu infinite",
                        report(null, null, null, null, null, Double.POSITIVE_INFINITY, null, null),
                        false),
                Arguments.of("cpu not a number", report(null, null, null, null, null, Double.NaN, null, null), false),
                Arguments.of(
                        "storage at its maximum",
                        report(null, null, null, null, null, null, 1_000_000_000_000L, null),
                        true),
                Arguments.of(
                        "storage above it",
                        report(null, null, null, null, null, null, 1_000_000_000_001L, null),
                        false),
                Arguments.of("storage below 0", report(null, null, null, null, null, null, -1L, null), false),
                Arguments.of("a reception", receiving(reception("a-1", "p-1", 10L, 5L, 7L)), true),
                Arguments.of("a reception, rate only", receiving(new Reception("a-1", "p-1", 0L)), true),
                Arguments.of("a null reception", receiving((Reception) null), false),
                Arguments.of("no rate", receiving(reception("a-1", "p-1", null, null, null)), false),
                Arguments.of("rate too high", receiving(reception("a-1", "p-1", 100_000_001L, null, null)), false),
                Arguments.of("negative bytes", receiving(reception("a-1", "p-1", 1L, -1L, null)), false),
                Arguments.of("negative position", receiving(reception("a-1", "p-1", 1L, null, -1L)), false),
                Arguments.of("no allocation", receiving(reception(null, "p-1", 1L, null, null)), false),
                Arguments.of("no parent", receiving(reception("a-1", null, 1L, null, null)), false),
                Arguments.of("a space in an id", receiving(reception("a 1", "p-1", 1L, null, null)), false),
                Arguments.of("an id of '.'", receiving(reception(".", "p-1", 1L, null, null)), false),
                Arguments.of("an id of '..'", receiving(reception("a-1", "..", 1L, null, null)), false),
                Arguments.of("an id of '...'", receiving(reception("...", "p-1", 1L, null, null)), true),
                Arguments.of("an empty id", receiving(reception("", "p-1", 1L, null, null)), false),
                Arguments.of("an id of 64", receiving(reception("a".repeat(64), "p-1", 1L, null, null)), true),
                Arguments.of("an id of 65", receiving(reception("a".repeat(65), "p-1", 1L, null, null)), false),
                Arguments.of("an id ending in a new line", receiving(reception("a-1\n", "p-1", 1L, null, null)), false),
                Arguments.of(
                        "a parent named twice",
                        receiving(reception("a-1", "p-1", 1L, null, null), reception("a-1", "p-1", 2L, null, null)),
                        false),
                Arguments.of(
                        "two parents of one allocation",
                        receiving(reception("a-1", "p-1", 1L, null, null), reception("a-1", "p-2", 2L, null, null)),
                        true),
                Arguments.of("256 receptions", receptions(256), true),
                Arguments.of("257 receptions", receptions(257), false),
                Arguments.of("a sending", sending(new Sending("a-1", "c-1", 5L)), true),
                Arguments.of("a null sending", sending((Sending) null), false),
                Arguments.of("a sending without a child", sending(new Sending("a-1", null, 5L)), false),
                Arguments.of("a sending without a rate", sending(new Sending("a-1", "c-1", null)), false),
                Arguments.of("a sending too fast", sending(new Sending("a-1", "c-1", 100_000_001L)), false),
                Arguments.of(
                        "a child served twice",
                        sending(new Sending("a-1", "c-1", 1L), new Sending("a-1", "c-1", 1L)),
                        true),
                Arguments.of("1024 sendings", sending(copies(1024, new Sending("a", "c", 1L), Sending[]::new)), true),
                Arguments.of("1025 sendings", sending(copies(1025, new Sending("a", "c", 1L), Sending[]::new)), false),
                Arguments.of("a holding", holdings(new Holding("c-1", 0.5, 10L)), true),
                Arguments.of("a holding, id only", holdings(new Holding("c-1", null, null)), true),
                Arguments.of("a null holding", holdings((Holding) null), false),
                Arguments.of("a holding without content", holdings(new Holding(null, 0.5, null)), false),
                Arguments.of("a fraction above 1", holdings(new Holding("c-1", 1.5, null)), false),
                Arguments.of("a fraction below 0", holdings(new Holding("c-1", -0.1, null)), false),
                Arguments.of("a negative position", holdings(new Holding("c-1", null, -1L)), false),
                Arguments.of(
                        "1024 holdings", holdings(copies(1024, new Holding("c", null, null), Holding[]::new)), true),
                Arguments.of(
                        "1025 holdings", holdings(copies(1025, new Holding("c", null, null), Holding[]::new)), false));
    }

    private static <T> T[] copies(int count, T entry, IntFunction<T[]> array) {
        return Collections.nCopies(count, entry).toArray(array);
    }

    private static HeartbeatReport receptions(int count) {
        List<Reception> receiving = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            receiving.add(new Reception("a-" + i, "p", 1L));
        }
        return report(null, receiving, null, null, null, null, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void each_case_is_answered_as_bean_validation_answers_it(String name, HeartbeatReport report, boolean valid) {
        assertThat(resourceAccepts(report))
                .as("Bean Validation and the repeated parents")
                .isEqualTo(valid);
        assertThat(ReportChecks.valid(report)).as("the route's checks").isEqualTo(valid);
    }

    /** Random reports near every bound: the two answers never differ. */
    @Test
    void random_reports_get_the_same_answer_as_bean_validation() {
        Random random = new Random(20261202);
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < 20_000; i++) {
            HeartbeatReport report = randomReport(random);
            boolean expected = resourceAccepts(report);
            assertThat(ReportChecks.valid(report)).as("report %s", report).isEqualTo(expected);
            if (expected) {
                valid++;
            } else {
                invalid++;
            }
        }
        // Both answers are common, so neither side of the comparison is left untested.
        assertThat(valid).isGreaterThan(1_000);
        assertThat(invalid).isGreaterThan(1_000);
    }

    private static HeartbeatReport randomReport(Random random) {
        return report(
                maybe(random, () -> pick(random, 0L, 1L, 100_000_000L, 100_000_001L, -1L, Long.MIN_VALUE)),
                entries(
                        random,
                        () -> new Reception(
                                id(random),
                                id(random),
                                rate(random, pick(random, 0L, 5L, 100_000_000L, 100_000_001L, -1L)),
                                maybe(random, () -> pick(random, 0L, 1L << 40, -1L)),
                                maybe(random, () -> pick(random, 0L, 7L, -5L)))),
                maybe(random, () -> pick(random, 0L, 1L, Long.MAX_VALUE, -1L)),
                maybe(random, () -> random.nextInt(20) == 0 ? "x".repeat(101) : "epoch-" + random.nextInt(9)),
                entries(
                        random,
                        () -> new Sending(
                                id(random), id(random), rate(random, pick(random, 0L, 9L, 100_000_001L, -3L)))),
                maybe(random, () -> pick(random, 0.0, 0.5, 1.0, Math.nextUp(1.0), -0.0, -1e-300, Double.NaN)),
                maybe(random, () -> pick(random, 0L, 512L, 1_000_000_000_000L, 1_000_000_000_001L, -1L)),
                entries(
                        random,
                        () -> new Holding(
                                id(random),
                                maybe(random, () -> pick(random, 0.0, 0.25, 1.0, 1.0000001, -0.5)),
                                maybe(random, () -> pick(random, 0L, 99L, -1L)))));
    }

    /** A list of up to three entries, now and then a null one; or no list at all. */
    private static <T> List<T> entries(Random random, Supplier<T> entry) {
        return maybe(random, () -> list(random, 3, () -> random.nextInt(30) == 0 ? null : entry.get()));
    }

    /** A required rate: now and then missing. */
    private static Long rate(Random random, Long rate) {
        return random.nextInt(20) == 0 ? null : rate;
    }

    /** Mostly valid ids from a small set (so that parents repeat), sometimes null or not an id. */
    private static String id(Random random) {
        int roll = random.nextInt(40);
        if (roll == 0) {
            return null;
        }
        if (roll == 1) {
            return pick(random, "", ".", "..", "a b", "é", "a".repeat(65), "a\n");
        }
        return pick(random, "a-1", "a-2", "p:1", "x_y.z", "...", "a".repeat(64));
    }

    private static <T> T maybe(Random random, Supplier<T> value) {
        return random.nextInt(3) == 0 ? null : value.get();
    }

    private static <T> List<T> list(Random random, int most, Supplier<T> element) {
        List<T> list = new ArrayList<>();
        int size = random.nextInt(most + 1);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
