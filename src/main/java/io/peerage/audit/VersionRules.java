package io.peerage.audit;

import io.peerage.policy.PolicyCompiler;
import io.peerage.policy.PolicyEngine;
import io.peerage.policy.PolicySet;
import io.peerage.policy.PolicyStore;
import io.peerage.policy.PolicyVersion;
import io.peerage.policy.RuleMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules of stored policy versions, by name: where a compact decision takes its rules' metadata from. A stored
 * version never changes, so its rules are read once (compiled from its files) and kept; the active version's are
 * at hand.
 */
@ApplicationScoped
public class VersionRules {

    /** Versions whose rules are kept besides the active one; auditors mostly read recent decisions. */
    static final int KEPT_VERSIONS = 16;

    private final PolicyEngine engine;
    private final PolicyStore store;
    private final PolicyCompiler compiler = new PolicyCompiler(VersionRules.class.getClassLoader());
    private final Map<Integer, Map<String, RuleMetadata>> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Map<String, RuleMetadata>> eldest) {
            return size() > KEPT_VERSIONS;
        }
    };

    VersionRules(PolicyEngine engine, PolicyStore store) {
        this.engine = engine;
        this.store = store;
    }

    /**
     * The rules a decision made under {@code version} may name instead of repeating: the version's when it is the
     * active stored one or already kept, else none (the decision then carries its rules in full). Never compiles, so
     * recording a decision stays cheap.
     */
    Map<String, RuleMetadata> forWriting(int version) {
        if (version <= 0) {
            return Map.of();
        }
        PolicySet active = engine.current();
        if (active.number() == version) {
            return active.rules();
        }
        synchronized (kept) {
            return kept.getOrDefault(version, Map.of());
        }
    }

    /**
     * The rules of a stored version, by name.
     *
     * @throws IllegalStateException when no such version is stored or its files no longer compile
     */
    Map<String, RuleMetadata> of(int version) {
        PolicySet active = engine.current();
        if (active.number() == version && version > 0) {
            return active.rules();
        }
        synchronized (kept) {
            Map<String, RuleMetadata> rules = kept.get(version);
            if (rules != null) {
                return rules;
            }
        }
        PolicyVersion stored = store.version(version)
                .orElseThrow(() -> new IllegalStateException("no policy version " + version + " is stored"));
        Map<String, RuleMetadata> rules = compiler.compile(stored.files())
                .policySet()
                .map(PolicySet::rules)
                .orElseThrow(() -> new IllegalStateException("policy version " + version + " no longer compiles"));
        synchronized (kept) {
            kept.put(version, rules);
        }
        return rules;
    }
}
