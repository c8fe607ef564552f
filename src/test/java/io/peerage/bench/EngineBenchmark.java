package io.peerage.bench;

import io.peerage.policy.ClassCache;
import io.peerage.policy.EngineStrategies;
import io.peerage.policy.EngineStrategies.Strategy;
import io.peerage.policy.PolicyEvaluation;
import io.peerage.policy.PolicySet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The policy evaluation of one allocation with the shipped catalog, by way of execution, against the same checks in
 * plain Java. Every call evaluates the next of eight prepared requests (see {@link Workload}). Run on demand, see
 * {@code docs/benchmarks.md}; {@code EngineBenchmarkTest} runs every method once and checks they all decide alike.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineBenchmark {

    @Param({"16", "64", "256"})
    public int candidates;

    PolicySet catalog;
    PolicySet uncachedCatalog;
    List<Workload.Request> requests;
    /** Requests over the swarm of the service benchmark's load (see {@link LoadMix}). */
    List<Workload.Request> loadMix;
    /** Requests whose candidates are each a class of its own: the worst case of deciding once per class. */
    List<Workload.Request> ownClasses;

    PlainJavaPolicies plainJava;
    Strategy newSessionPerRequest;
    Strategy newSessionSharedListener;
    Strategy stateless;
    Strategy sequential;
    Strategy kiePool;
    Strategy keptSessions;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Workload.loggingAsInTheService();
        catalog = Workload.shippedCatalog();
        requests = Workload.requests(candidates, Workload.SEED);
        loadMix = LoadMix.requests(candidates, Workload.SEED);
        ownClasses = LoadMix.everyCandidateItsOwnClass(candidates, Workload.SEED);
        uncachedCatalog = catalog.withClassCache(ClassCache.OFF);
        plainJava = new PlainJavaPolicies(catalog);
        newSessionPerRequest = EngineStrategies.newSessionPerRequest(catalog);
        newSessionSharedListener = EngineStrategies.newSessionSharedListener(catalog);
        stateless = EngineStrategies.stateless(catalog);
        sequential = EngineStrategies.sequential(catalog);
        kiePool = EngineStrategies.kiePool(catalog);
        keptSessions = EngineStrategies.keptSessions(catalog);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kiePool.close();
        keptSessions.close();
    }

    /**
     * The catalog compiled to the executable model: a state of its own, so that only the benchmarks that use it pay
     * for generating and compiling its Java code.
     */
    @State(Scope.Thread)
    public static class ExecutableModel {
        Strategy newSession;
        Strategy keptSessions;

        @Setup(Level.Trial)
        public void setUp() {
            PolicySet executableModel = EngineStrategies.executableModel(Workload.shippedCatalog());
            newSession = EngineStrategies.newSessionSharedListener(executableModel);
            keptSessions = EngineStrategies.keptSessions(executableModel);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            keptSessions.close();
        }
    }

    Workload.Request next() {
        return next(requests);
    }

    Workload.Request next(List<Workload.Request> of) {
        Workload.Request request = of.get(next);
        next = (next + 1) & 7;
        return request;
    }

    /** The physical limit: the same checks in plain Java. */
    @Benchmark
    public PolicyEvaluation plainJava() {
        Workload.Request r = next();
        return plainJava.evaluate(r.request(), r.candidates());
    }

    /** What the service runs: {@code PolicySet.evaluate}, deciding once per class of candidates. */
    @Benchmark
    public PolicyEvaluation service() {
        Workload.Request r = next();
        return catalog.evaluate(r.request(), r.candidates());
    }

    /** {@code PolicySet.evaluate} with the class cache off: every candidate evaluated on its own. */
    @Benchmark
    public PolicyEvaluation uncached() {
        Workload.Request r = next();
        return uncachedCatalog.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation plainJavaLoadMix() {
        Workload.Request r = next(loadMix);
        return plainJava.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation serviceLoadMix() {
        Workload.Request r = next(loadMix);
        return catalog.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation uncachedLoadMix() {
        Workload.Request r = next(loadMix);
        return uncachedCatalog.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation plainJavaOwnClasses() {
        Workload.Request r = next(ownClasses);
        return plainJava.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation serviceOwnClasses() {
        Workload.Request r = next(ownClasses);
        return catalog.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation uncachedOwnClasses() {
        Workload.Request r = next(ownClasses);
        return uncachedCatalog.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation newSessionPerRequest() {
        Workload.Request r = next();
        return newSessionPerRequest.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation newSessionSharedListener() {
        Workload.Request r = next();
        return newSessionSharedListener.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation stateless() {
        Workload.Request r = next();
        return stateless.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation sequential() {
        Workload.Request r = next();
        return sequential.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation kiePool() {
        Workload.Request r = next();
        return kiePool.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation keptSessions() {
        Workload.Request r = next();
        return keptSessions.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation executableModelNewSession(ExecutableModel model) {
        Workload.Request r = next();
        return model.newSession.evaluate(r.request(), r.candidates());
    }

    @Benchmark
    public PolicyEvaluation executableModelKeptSessions(ExecutableModel model) {
        Workload.Request r = next();
        return model.keptSessions.evaluate(r.request(), r.candidates());
    }
}
