package io.peerage.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.bench.LoadMix;
import io.peerage.bench.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deciding once per class of candidates changes nothing: the shipped catalog, the catalog with rules of every construct
 * the policy check admits added, and randomly drawn rule files, each over randomly drawn swarms, give the very same
 * {@link PolicyEvaluation} (every rejection with its rule, kind, strictness, rank, label and message, every preference
 * with its weight and message, every denial) with the class cache on and off. Seeds are fixed, so a failure replays.
 */
class ClassCacheEquivalenceTest {

    private static final long SEED = 20261202L;

    private static PolicySet catalog;

    @BeforeAll
    static void quietDrools() {
        Workload.loggingAsInTheService();
        catalog = Workload.shippedCatalog();
    }

    /** Swarms drawn from fixed seeds: the engine benchmark's mix, the load's, and every candidate its own class. */
    static List<Swarm> swarms() {
        Random seeds = new Random(SEED);
        List<Swarm> swarms = new ArrayList<>();
        for (int size : new int[] {2, 9, 40, 120}) {
            long seed = seeds.nextLong();
            swarms.add(new Swarm("benchmark mix of " + size + ", seed " + seed, Workload.requests(size, seed)));
            seed = seeds.nextLong();
            swarms.add(new Swarm("load mix of " + size + ", seed " + seed, LoadMix.requests(size, seed)));
            seed = seeds.nextLong();
            swarms.add(new Swarm(
                    "every candidate its own class, " + size + ", seed " + seed,
                    LoadMix.everyCandidateItsOwnClass(size, seed)));
        }
        return swarms;
    }

    record Swarm(String name, List<Workload.Request> requests) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Swarm> swarmCases() {
        return swarms().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("swarmCases")
    void theCatalogDecidesAlikeWithTheCacheOnAndOff(Swarm swarm) {
        assertThat(catalog.classes().uncachedBecause()).isEmpty();
        assertDecidesAlike(catalog, swarm);
    }

    @Test
    void theCatalogIsClassedByWhatItsRulesDecideOnAndTheIdsByPlaceholders() {
        assertThat(catalog.classes().standIns()).isTrue();
        assertThat(catalog.classes().deciding())
                .containsExactlyInAnyOrder(
                        "node.inQuietHours",
                        "childDeviceServed",
                        "categoryRefused",
                        "node.servesStrangers",
                        "stranger",
                        "inSameAffinityGroup",
                        "child.lightweight",
                        "node.lightweight",
                        "onChildAccessList",
                        "node.canForward",
                        "sameIsp",
                        "sameCountry",
                        "sameRegion",
                        "betterParent",
                        "content.sourcePreference",
                        "node.cdn",
                        "node.peer");
    }

    @Test
    void theLoadMixFallsIntoFewClassesAndTheWorstCaseIntoOneEach() {
        ClassCache cache = ClassCache.of(ClassCache.DEFAULT_SIZE);
        PolicySet cached = catalog.withClassCache(cache);
        for (Workload.Request request : LoadMix.requests(64, SEED)) {
            cached.evaluate(request.request(), request.candidates());
        }
        // 8 requests of 64: far fewer evaluations than candidates.
        assertThat(cache.missCount()).isLessThan(8 * 64 / 2);
        assertThat(cache.hitCount() + cache.missCount()).isEqualTo(8 * 64);

        ClassCache worst = ClassCache.of(ClassCache.DEFAULT_SIZE);
        PolicySet worstCached = catalog.withClassCache(worst);
        for (Workload.Request request : LoadMix.everyCandidateItsOwnClass(64, SEED)) {
            worstCached.evaluate(request.request(), request.candidates());
        }
        assertThat(worst.hitCount()).isZero();
        assertThat(worst.missCount()).isEqualTo(8 * 64);
    }

    @Test
    void aRequestWithMoreClassesThanTheCacheHoldsIsEvaluatedCandidateByCandidate() {
        ClassCache small = ClassCache.of(2);
        Workload.Request request = LoadMix.requests(64, SEED).get(0);
        PolicyEvaluation evaluation = catalog.withClassCache(small).evaluate(request.request(), request.candidates());
        assertThat(small.hitCount()).isZero();
        assertThat(small.missCount()).isEqualTo(64);
        assertThat(evaluation)
                .isEqualTo(catalog.withClassCache(ClassCache.OFF).evaluate(request.request(), request.candidates()));
    }

    /**
     * Rules of one construct each that the check admits: what the analysis makes of it (classed,
     * with or without placeholder ids, or not classed and why), and that it decides alike either way.
     */
    record Added(String name, String rule, boolean classed, boolean standIns, String uncachedBecause) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Added> additions() {
        return Stream.of(
                new Added(
                        "the id tested in a condition",
                        rule("Candidate( id.startsWith(\"node-1\"), $p : id )", "verdicts.reject($c, \"no \" + $p);"),
                        true,
                        false,
                        null),
                new Added(
                        "the id reshaped in a message",
                        rule("Candidate( node.peer, $p : id )", "verdicts.prefer($c, 2, $p.toUpperCase());"),
                        true,
                        false,
                        null),
                new Added(
                        "the id through the fact in a message",
                        rule("Candidate( node.peer )", "verdicts.prefer($c, 2, \"peer \" + $c.getId() + \"!\");"),
                        true,
                        true,
                        null),
                new Added(
                        "a computed binding tested later",
                        rule(
                                "Candidate( $n : node.uplinkKbps / 1000 )\n    AllocationRequest( maxParents < $n )",
                                "verdicts.prefer($c, 1, \"fast\");"),
                        true,
                        true,
                        null),
                new Added(
                        "a written value only in a message",
                        rule(
                                "Candidate( node.peer, $isp : node.isp, $q : node.quality )",
                                "verdicts.prefer($c, 1, \"isp \" + $isp + \" at \" + ($q * 100) + \"%\");"),
                        true,
                        true,
                        null),
                new Added(
                        "a value deciding in an if",
                        rule(
                                "Candidate( $isp : node.isp )",
                                "if ($isp.length() > 7) { verdicts.reject($c, \"long isp \" + $isp); }"),
                        true,
                        true,
                        null),
                new Added(
                        "a weight from the candidate",
                        rule(
                                "Candidate( node.peer, $q : node.quality )",
                                "verdicts.prefer($c, (int) ($q * 10), \"quality\");"),
                        true,
                        true,
                        null),
                new Added(
                        "a local variable",
                        rule(
                                "Candidate( $country : node.country )",
                                "String text = \"from \" + $country; verdicts.prefer($c, 1, text);"),
                        true,
                        true,
                        null),
                new Added(
                        "negated and existing requests",
                        rule(
                                "Candidate( node.cdn )\n    not AllocationRequest( congested )\n"
                                        + "    exists AllocationRequest( maxParents > 2 )",
                                "verdicts.prefer($c, 3, \"calm\");"),
                        true,
                        true,
                        null),
                new Added(
                        "contains and memberOf",
                        rule(
                                "Candidate( node.servesDevices contains \"DESKTOP\", node.country memberOf"
                                        + " content.blockedCountries )",
                                "verdicts.reject($c, \"blocked\");"),
                        true,
                        true,
                        null),
                new Added(
                        "a question with an argument",
                        rule("Candidate( node.servesDevice(\"TV\") )", "verdicts.prefer($c, 1, \"tv\");"),
                        false,
                        false,
                        "the chain Candidate.node.servesDevice is not made of getters"),
                new Added(
                        "a denial that depends on a candidate",
                        """
                        rule "Added"
                            @kind(PROVIDER) @strictness(HARD) @rank(3) @code("added")
                        when
                            $c : Candidate( node.cdn, $p : id )
                        then
                            verdicts.deny("a CDN node such as " + $p + " is offered");
                        end
                        """,
                        false,
                        false,
                        "rule \"Added\" matches a candidate and denies the whole request"),
                new Added(
                        "a denial when no candidate is a CDN node",
                        """
                        rule "Added"
                            @kind(PROVIDER) @strictness(HARD) @rank(3) @code("added")
                        when
                            AllocationRequest( congested )
                            not Candidate( node.cdn )
                        then
                            verdicts.deny("no CDN node");
                        end
                        """,
                        false,
                        false,
                        "rule \"Added\" matches a candidate and denies the whole request"));
    }

    private static String rule(String when, String then) {
        return """
                rule "Added"
                    @kind(NETWORK) @strictness(SOFT) @rank(70) @code("added")
                when
                    $c : %s
                then
                    %s
                end
                """.formatted(when, then);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("additions")
    void eachAdmittedConstructIsClassedSafely(Added added) {
        PolicySet set = Policies.compile(PolicyFile.of("added.drl", Policies.HEADER + added.rule()));
        assertThat(set.classes().uncachedBecause().orElse(null)).isEqualTo(added.uncachedBecause());
        assertThat(set.classes().uncachedBecause().isEmpty()).isEqualTo(added.classed());
        if (added.classed()) {
            assertThat(set.classes().standIns()).isEqualTo(added.standIns());
        }
        Random seeds = new Random(SEED + added.name().hashCode());
        assertDecidesAlike(set, new Swarm("benchmark mix", Workload.requests(40, seeds.nextLong())));
        assertDecidesAlike(set, new Swarm("load mix", LoadMix.requests(40, seeds.nextLong())));
    }

    /** Rule files drawn by {@link GeneratedRulesTest.Generator}, which draws from every member the check admits. */
    static Stream<Arguments> generated() {
        Random seeds = new Random(SEED + 1);
        return IntStream.range(0, 24).mapToObj(i -> {
            long seed = seeds.nextLong();
            return Arguments.of(
                    new GeneratedRulesTest.Generated(seed, new GeneratedRulesTest.Generator(new Random(seed)).file(i)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void generatedRuleFilesDecideAlikeWithTheCacheOnAndOff(GeneratedRulesTest.Generated generated) {
        PolicySet set = Policies.compile(PolicyFile.of("generated.drl", generated.text()));
        assertThat(set.classes().uncachedBecause()).as(generated.text()).isEmpty();
        Random random = new Random(generated.seed());
        assertDecidesAlike(
                set, new Swarm("benchmark mix", Workload.requests(2 + random.nextInt(60), generated.seed())));
        assertDecidesAlike(set, new Swarm("load mix", LoadMix.requests(2 + random.nextInt(60), generated.seed())));
    }

    private static void assertDecidesAlike(PolicySet set, Swarm swarm) {
        ClassCache cache = ClassCache.of(ClassCache.DEFAULT_SIZE);
        PolicySet on = set.withClassCache(cache);
        PolicySet off = set.withClassCache(ClassCache.OFF);
        for (Workload.Request request : swarm.requests()) {
            PolicyEvaluation uncached = off.evaluate(request.request(), request.candidates());
            PolicyEvaluation cached = on.evaluate(request.request(), request.candidates());
            assertThat(cached)
                    .as(
                            "%s, child %s",
                            swarm.name(), request.request().getChild().getId())
                    .isEqualTo(uncached);
        }
    }
}
