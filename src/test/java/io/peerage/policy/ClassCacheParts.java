package io.peerage.policy;

import io.peerage.bench.LoadMix;
import io.peerage.bench.Workload;
import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import java.lang.management.ManagementFactory;
import java.util.*;

/**
 * The class cache's parts on the load's mix at 64 candidates, as thread CPU time per evaluation (less disturbed by a
 * loaded machine than wall time), the four interleaved batch by batch in one JVM: cache on, cache off, cache off over
 * one stand-in per class, and the class keys alone. Run on demand: {@code java -cp <test classpath> io.peerage.policy.ClassCacheParts
 * <warm-up seconds> <rounds>}; see docs/benchmarks.md.
 */
public final class ClassCacheParts {

    private ClassCacheParts() {}

    public static void main(String[] args) {
        Workload.loggingAsInTheService();
        PolicySet catalog = Workload.shippedCatalog();
        PolicySet uncached = catalog.withClassCache(ClassCache.OFF);
        List<Workload.Request> load = LoadMix.requests(64, Workload.SEED);
        // representatives: first candidate of each class
        List<List<Candidate>> reps = new ArrayList<>();
        for (Workload.Request r : load) {
            AllocationRequest settled = r.request().settled(catalog.settings());
            Map<Object, Candidate> first = new LinkedHashMap<>();
            for (Candidate c : r.candidates())
                first.putIfAbsent(catalog.classes().key(c.settled(settled.getContent(), catalog.settings())), c);
            reps.add(new ArrayList<>(first.values()));
        }
        List<List<Candidate>> settledC = new ArrayList<>();
        for (Workload.Request r : load) {
            AllocationRequest settled = r.request().settled(catalog.settings());
            List<Candidate> l = new ArrayList<>();
            for (Candidate c : r.candidates()) l.add(c.settled(settled.getContent(), catalog.settings()));
            settledC.add(l);
        }
        var mx = ManagementFactory.getThreadMXBean();
        String[] names = {"cached64", "uncached64", "uncachedReps", "keysOnly"};
        long[][] t = new long[4][Integer.parseInt(args[1])];
        long warmEnd = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        Object sink = null;
        int rounds = t[0].length;
        for (int i = -1; i < rounds; i++) {
            do {
                for (int m = 0; m < 4; m++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int q = 0; q < 8; q++) {
                        Workload.Request r = load.get(q);
                        switch (m) {
                            case 0 -> sink = catalog.evaluate(r.request(), r.candidates());
                            case 1 -> sink = uncached.evaluate(r.request(), r.candidates());
                            case 2 -> sink = uncached.evaluate(r.request(), reps.get(q));
                            case 3 -> {
                                int h = 0;
                                for (Candidate c : settledC.get(q))
                                    h += catalog.classes().key(c).hashCode();
                                sink = h;
                            }
                        }
                    }
                    if (i >= 0) t[m][i] = (mx.getCurrentThreadCpuTime() - t0) / 8;
                }
            } while (i < 0 && System.nanoTime() < warmEnd);
        }
        for (int m = 0; m < 4; m++) {
            Arrays.sort(t[m]);
            System.out.printf(
                    "%-14s median %7.1f us p10 %7.1f%n",
                    names[m], t[m][rounds / 2] / 1000.0, t[m][rounds / 10] / 1000.0);
        }
        System.out.println(sink == null ? "" : "");
    }
}
