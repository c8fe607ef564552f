package io.peerage.policy;

import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.support.WritableRulesFolder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** While versions are activated one after another, every decision runs entirely under one of them. */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class PolicySwapTest {

    static String rejectCdn(String code) {
        return """
                package peerage.test;

                import io.peerage.policy.fact.Candidate;
                global io.peerage.policy.Verdicts verdicts;

                rule "CDN rejected by %1$s"
                    @kind(PROVIDER) @strictness(HARD) @rank(5) @code("%1$s")
                when
                    $candidate : Candidate( node.cdn )
                then
                    verdicts.reject($candidate, "%1$s");
                end
                """.formatted(code);
    }

    @Inject
    PolicyEngine engine;

    @Test
    void each_decision_used_exactly_one_policy_version() throws Exception {
        String content = declareLive(400);
        String cdn = joinCdn(1_000_000);
        String peer = joinRegular(1_000_000, "isp-v", "DE");
        hold(cdn, content);
        hold(peer, content);
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            children.add(joinRegular(100, "isp-v", "DE"));
        }
        // Two versions that differ only in the code their rule gives the CDN candidate.
        Map<Integer, String> codeOfVersion = new ConcurrentHashMap<>();
        given().contentType("text/plain").body(rejectCdn("version-a")).put("/v1/policies/files/swap.drl");
        int a = engine.current().number();
        codeOfVersion.put(a, "version-a");
        given().contentType("text/plain").body(rejectCdn("version-b")).put("/v1/policies/files/swap.drl");
        int b = engine.current().number();
        codeOfVersion.put(b, "version-b");

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            // A fixed number of swaps; allocations keep coming until the last one is done.
            Future<?> swapper = pool.submit(() -> {
                try {
                    for (int swap = 0; swap < 4; swap++) {
                        engine.activate(swap % 2 == 0 ? a : b, "swapper");
                    }
                } finally {
                    running.set(false);
                }
            });
            List<Future<List<String>>> workers = new ArrayList<>();
            for (int worker = 0; worker < 8; worker++) {
                int first = worker;
                workers.add(pool.submit(() -> {
                    List<String> made = new ArrayList<>();
                    for (int i = first; running.get() && made.size() < 500; i += 8) {
                        String child = children.get(i % children.size());
                        made.add(given().contentType("application/json")
                                .body(Map.of("nodeId", child, "contentId", content))
                                .post("/v1/allocations")
                                .then()
                                .statusCode(201)
                                .extract()
                                .<String>path("allocationId"));
                    }
                    return made;
                }));
            }
            swapper.get();
            List<String> ids = new ArrayList<>();
            for (Future<List<String>> worker : workers) {
                ids.addAll(worker.get());
            }
            assertThat(ids).isNotEmpty();

            Set<Integer> versionsSeen = ConcurrentHashMap.newKeySet();
            for (String id : ids) {
                JsonPath explanation = given().get("/v1/allocations/" + id + "/explanation")
                        .then()
                        .extract()
                        .jsonPath();
                int version = explanation.getInt("policyVersion");
                versionsSeen.add(version);
                assertThat(codeOfVersion).containsKey(version);
                List<String> codes = explanation.getList("candidates.find { it.nodeId == '" + cdn + "' }.reasons.code");
                assertThat(codes)
                        .as("decision %s under version %d", id, version)
                        .containsExactly(codeOfVersion.get(version));
            }
            assertThat(versionsSeen).isNotEmpty().isSubsetOf(a, b);
        } finally {
            running.set(false);
            pool.shutdownNow();
            given().delete("/v1/policies/files/swap.drl");
        }
    }
}
