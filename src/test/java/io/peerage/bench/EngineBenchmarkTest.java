package io.peerage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.policy.PolicyEvaluation;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.drools.core.reteoo.AlphaNode;
import org.drools.core.reteoo.EntryPointNode;
import org.drools.core.reteoo.ObjectSink;
import org.drools.core.reteoo.ObjectTypeNode;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.mvel.MVELConstraint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Keeps the engine benchmark working and honest without timing it: every benchmark method runs once per prepared
 * request, at the smallest size, and must decide exactly as the plain-Java version of the catalog does.
 */
class EngineBenchmarkTest {

    private final EngineBenchmark benchmark = new EngineBenchmark();
    private final EngineBenchmark.ExecutableModel executableModel = new EngineBenchmark.ExecutableModel();

    @BeforeEach
    void setUp() {
        benchmark.candidates = 16;
        benchmark.setUp();
    }

    @AfterEach
    void tearDown() {
        benchmark.tearDown();
    }

    @Test
    void everyWayOfRunningTheRulesDecidesAsThePlainJavaChecks() throws Exception {
        List<Method> methods = Arrays.stream(EngineBenchmark.class.getMethods())
                .filter(method -> method.isAnnotationPresent(Benchmark.class))
                .sorted(Comparator.comparing(Method::getName))
                .toList();
        assertThat(methods).hasSizeGreaterThan(5);
        executableModel.setUp();
        for (int i = 0; i < 8; i++) {
            for (Method method : methods) {
                Workload.Request request = requestsOf(method).get(i);
                Normalized expected =
                        Normalized.of(benchmark.plainJava.evaluate(request.request(), request.candidates()));
                PolicyEvaluation service = benchmark.uncachedCatalog.evaluate(request.request(), request.candidates());
                benchmark.next = i;
                PolicyEvaluation evaluation = (PolicyEvaluation)
                        (method.getParameterCount() == 0
                                ? method.invoke(benchmark)
                                : method.invoke(benchmark, executableModel));
                assertThat(Normalized.of(evaluation))
                        .as("%s on request %d", method.getName(), i)
                        .isEqualTo(expected);
                if (!method.getName().startsWith("plainJava")) {
                    // The rule engine, whichever way it runs, also records the verdicts in the same order.
                    assertThat(evaluation)
                            .as("%s on request %d, in order", method.getName(), i)
                            .isEqualTo(service);
                }
            }
        }
        executableModel.tearDown();
    }

    /** The requests a benchmark method evaluates, by the mix its name ends with. */
    private List<Workload.Request> requestsOf(Method method) {
        String name = method.getName();
        return name.endsWith("LoadMix")
                ? benchmark.loadMix
                : name.endsWith("OwnClasses") ? benchmark.ownClasses : benchmark.requests;
    }

    @Test
    void theBenchmarkLogsAsTheServiceDoes() {
        assertThat(org.slf4j.LoggerFactory.getLogger("org.drools.core.phreak.RuleExecutor")
                        .isTraceEnabled())
                .isFalse();
    }

    /**
     * Interpreted constraints cost a fifth of the engine's time and most of its garbage: the compiler asks Drools to
     * compile each one to bytecode at its first evaluation instead of, maybe, later on a background thread.
     */
    @Test
    void everyConstraintOfTheCatalogRunsCompiledFromItsFirstEvaluation() throws Exception {
        // One request of 16 candidates: fewer evaluations than Drools' default threshold for compiling a constraint.
        Workload.Request request = benchmark.requests.get(0);
        benchmark.catalog.evaluate(request.request(), request.candidates());
        Map<String, String> evaluators = new TreeMap<>();
        InternalKnowledgeBase kieBase = (InternalKnowledgeBase) benchmark.catalog.kieBase();
        for (EntryPointNode entryPoint : kieBase.getRete().getEntryPointNodes().values()) {
            for (ObjectTypeNode type : entryPoint.getObjectTypeNodes().values()) {
                collectEvaluators(type.getObjectSinkPropagator().getSinks(), evaluators);
            }
        }
        assertThat(evaluators).hasSizeGreaterThanOrEqualTo(15).containsKeys("sameIsp", "node.inQuietHours");
        assertThat(evaluators)
                .allSatisfy((constraint, evaluator) -> assertThat(evaluator)
                        .as(constraint)
                        .doesNotContain("MVEL")
                        .startsWith("ConditionEvaluator"));
    }

    private static void collectEvaluators(ObjectSink[] sinks, Map<String, String> evaluators) throws Exception {
        for (ObjectSink sink : sinks) {
            if (sink instanceof AlphaNode alpha && alpha.getConstraint() instanceof MVELConstraint constraint) {
                Field field = MVELConstraint.class.getDeclaredField("conditionEvaluator");
                field.setAccessible(true);
                Object evaluator = field.get(constraint);
                if (evaluator != null) {
                    evaluators.put(
                            constraint.getExpression(), evaluator.getClass().getSimpleName());
                }
                collectEvaluators(alpha.getObjectSinkPropagator().getSinks(), evaluators);
            }
        }
    }

    @Test
    void theWorkloadMakesEveryAllocationRuleOfTheCatalogDecideSomething() {
        List<String> fired = new ArrayList<>();
        for (Workload.Request request : benchmark.requests) {
            PolicyEvaluation evaluation = benchmark.plainJava.evaluate(request.request(), request.candidates());
            evaluation.rejections().values().forEach(reasons -> reasons.forEach(r -> fired.add(r.rule())));
            evaluation.preferences().values().forEach(preferences -> preferences.forEach(p -> fired.add(p.rule())));
            evaluation.denials().forEach(r -> fired.add(r.rule()));
        }
        List<String> allocationRules = benchmark.catalog.rules().values().stream()
                .filter(rule -> !rule.file().equals("classification.drl"))
                .map(rule -> rule.name())
                .toList();
        assertThat(fired).containsAll(allocationRules);
    }

    @Test
    void sessionsKeptBetweenRequestsDecideAloneUnderConcurrentRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Normalized> expected = benchmark.requests.stream()
                    .map(r -> Normalized.of(benchmark.plainJava.evaluate(r.request(), r.candidates())))
                    .toList();
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                runs.add(pool.submit(() -> {
                    for (int n = 0; n < 100; n++) {
                        int i = (n + offset) & 7;
                        Workload.Request r = benchmark.requests.get(i);
                        assertThat(Normalized.of(benchmark.catalog.evaluate(r.request(), r.candidates())))
                                .isEqualTo(expected.get(i));
                        assertThat(Normalized.of(benchmark.keptSessions.evaluate(r.request(), r.candidates())))
                                .isEqualTo(expected.get(i));
                        assertThat(Normalized.of(benchmark.kiePool.evaluate(r.request(), r.candidates())))
                                .isEqualTo(expected.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * An evaluation with every list in a fixed order: the engine records verdicts in firing order, which the plain
     * Java version does not imitate, and no consumer depends on.
     */
    record Normalized(
            int policyVersion,
            Map<String, List<Reason>> rejections,
            Map<String, List<Preference>> preferences,
            List<Reason> denials) {

        static Normalized of(PolicyEvaluation evaluation) {
            Map<String, List<Reason>> rejections = new TreeMap<>();
            evaluation.rejections().forEach((id, reasons) -> rejections.put(id, sortedReasons(reasons)));
            Map<String, List<Preference>> preferences = new TreeMap<>();
            evaluation
                    .preferences()
                    .forEach((id, given) -> preferences.put(
                            id,
                            given.stream()
                                    .sorted(Comparator.comparing(Preference::rule))
                                    .toList()));
            return new Normalized(
                    evaluation.policyVersion(), rejections, preferences, sortedReasons(evaluation.denials()));
        }

        private static List<Reason> sortedReasons(List<Reason> reasons) {
            return reasons.stream().sorted(Comparator.comparing(Reason::rule)).toList();
        }
    }
}
