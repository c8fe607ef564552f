package io.peerage.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.peerage.policy.RuleMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CPU time per decision to write and to read it, JSON document against compact form, alternating in one run (A B A B)
 * over the same generated decisions. Run by hand (docs/benchmarks.md); it asserts nothing.
 */
public final class DecisionFormatTiming {

    private DecisionFormatTiming() {}

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        List<Decision> decisions = new ArrayList<>();
        List<Map<String, RuleMetadata>> rules = new ArrayList<>();
        for (long seed = 1; decisions.size() < 2000; seed++) {
            List<RuleMetadata> versionRules = new RandomDecisions(seed).rules();
            RandomDecisions generated = RandomDecisions.recordable(seed, 1 + (int) seed, versionRules);
            for (int i = 0; i < 100; i++) {
                Decision decision = generated.next();
                if (RandomDecisions.recordable(decision)) {
                    decisions.add(decision);
                    rules.add(generated.versionRules());
                }
            }
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        for (int round = 0; round < rounds; round++) {
            long documentWrite = 0, compactWrite = 0, documentRead = 0, compactRead = 0;
            long documentBytes = 0, compactBytes = 0;
            for (int i = 0; i < decisions.size(); i++) {
                Decision decision = decisions.get(i);
                Map<String, RuleMetadata> versionRules = rules.get(i);
                long t0 = System.nanoTime();
                byte[] document = DecisionDocument.writeCompressed(decision);
                long t1 = System.nanoTime();
                byte[] compact = CompactDecision.write(decision, versionRules);
                long t2 = System.nanoTime();
                DecisionDocument.read(json, CompressedDocument.decompress(document));
                long t3 = System.nanoTime();
                CompactDecision.read(compact, version -> versionRules);
                long t4 = System.nanoTime();
                documentWrite += t1 - t0;
                compactWrite += t2 - t1;
                documentRead += t3 - t2;
                compactRead += t4 - t3;
                documentBytes += document.length;
                compactBytes += compact.length;
            }
            int n = decisions.size();
            System.out.printf(
                    "round %d: write document %.1f us, compact %.1f us (%.2f); read document %.1f us, compact %.1f us"
                            + " (%.2f); stored %d and %d bytes per decision%n",
                    round,
                    documentWrite / 1e3 / n,
                    compactWrite / 1e3 / n,
                    (double) compactWrite / documentWrite,
                    documentRead / 1e3 / n,
                    compactRead / 1e3 / n,
                    (double) compactRead / documentRead,
                    documentBytes / n,
                    compactBytes / n);
        }
    }
}
