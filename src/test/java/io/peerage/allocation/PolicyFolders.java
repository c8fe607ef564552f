package io.peerage.allocation;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Test profiles that run the service on another rules folder. */
final class PolicyFolders {

    private PolicyFolders() {}

    /** No compatibility or classification rule: only the engine's own guarantees keep those promises. */
    public static final class Minimal implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("peerage.rules.directory", "src/test/resources/rules-minimal");
        }
    }

    /** The compatibility rules plus SOFT locality rules, to watch relaxation at work. */
    public static final class Soft implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("peerage.rules.directory", "src/test/resources/rules-soft");
        }
    }
}
