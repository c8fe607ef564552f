package io.peerage.identity;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Shows how often {@link VerifiedNodeTokens} spares a full verification: {@code peerage_nodes_verified_tokens_total}
 * by {@code result} (hit, miss) and the number of entries. A low share of hits with long-lived node tokens means the
 * cache is too small for the nodes online ({@value VerifiedNodeTokens#SETTING}).
 */
@Startup
@ApplicationScoped
public class VerifiedNodeTokenMeters {

    VerifiedNodeTokenMeters(VerifiedNodeTokens verified, MeterRegistry meters) {
        FunctionCounter.builder("peerage.nodes.verified-tokens", verified, VerifiedNodeTokens::hitCount)
                .tag("result", "hit")
                .description("node token checks answered from the tokens verified before")
                .register(meters);
        FunctionCounter.builder("peerage.nodes.verified-tokens", verified, VerifiedNodeTokens::missCount)
                .tag("result", "miss")
                .description("node token checks that went on to a full verification of the signature")
                .register(meters);
        Gauge.builder("peerage.nodes.verified-tokens.entries", verified, VerifiedNodeTokens::size)
                .description("node tokens remembered as verified")
                .register(meters);
    }
}
