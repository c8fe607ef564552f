package io.peerage.policy;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a policy set is active. A rejected edit does not make the service unready (the previous set stays
 * active); it shows here as the number of problems.
 */
@Readiness
@ApplicationScoped
public class PolicyReadiness implements HealthCheck {

    private final PolicyEngine engine;

    PolicyReadiness(PolicyEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        PolicyEngine.Active active = engine.active();
        return HealthCheckResponse.named("policies")
                .up()
                .withData("version", active.policySet().version())
                .withData("rules", active.policySet().rules().size())
                .withData("activatedAt", active.activatedAt().toString())
                .withData("problemsInFolder", engine.lastProblems().size())
                .build();
    }
}
