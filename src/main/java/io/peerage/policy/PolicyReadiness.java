package io.peerage.policy;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a valid policy set is active. A refused edit does not make the service unready (the previous version
 * stays active); it shows here as the number of problems in the folder.
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
        var response = HealthCheckResponse.named("policies");
        engine.refusedStoredVersion()
                .ifPresent(refused -> response.withData("refusedStoredVersion", refused.number())
                        .withData(
                                "refusedStoredVersionProblem",
                                refused.problems().get(0).toString()));
        return response.status(engine.hasValidPolicies())
                .withData("version", active.policySet().number())
                .withData("rules", active.policySet().rules().size())
                .withData("activatedAt", active.activatedAt().toString())
                .withData(
                        "problemsInFolder", engine.lastFolderCheck().problems().size())
                .build();
    }
}
