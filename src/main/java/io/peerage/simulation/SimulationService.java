package io.peerage.simulation;

import io.peerage.allocation.AllocationSettings;
import io.peerage.budget.HeavyWork;
import io.peerage.budget.WorkTooLargeException;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.policy.PolicyCompiler;
import io.peerage.policy.PolicyEngine;
import io.peerage.policy.PolicyFile;
import io.peerage.policy.PolicyRejectedException;
import io.peerage.policy.PolicySet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The simulator inside the service: a scenario under the active policies and a plain tracker, and under proposed
 * policies when given, before anyone activates them. It never touches the live swarm, and it runs in the bounded pool
 * of heavy work ({@link HeavyWork}): refused before it starts when it is too large, stopped when its client goes away or
 * it runs too long.
 */
@ApplicationScoped
public class SimulationService {

    /** The largest swarm the service simulates while a caller waits; larger ones run with the command. */
    public static final int MAX_VIEWERS = 20_000;

    private final PolicyEngine policies;
    private final AllocationSettings settings;
    private final HeavyWork heavyWork;

    SimulationService(PolicyEngine policies, AllocationSettings settings, HeavyWork heavyWork) {
        this.policies = policies;
        this.settings = settings;
        this.heavyWork = heavyWork;
    }

    /**
     * Checks the request and starts the simulation in the pool.
     *
     * @param proposed policy files to try beside the active ones, or null
     * @param abandoned true once nobody waits for the report: the run stops then
     * @throws InvalidInputException naming each wrong field, under {@code scenario.}
     * @throws WorkTooLargeException when its work is above {@code peerage.simulation.max-work}
     * @throws io.peerage.budget.WorkBusyException when the pool is full
     */
    public HeavyWork.Job<SimulationReport> start(
            Scenario scenario, List<PolicyFile> proposed, Long seed, BooleanSupplier abandoned) {
        List<FieldError> errors = new ArrayList<>(scenario.problems("scenario."));
        if (scenario.viewers() != null && scenario.viewers() > MAX_VIEWERS) {
            errors.add(new FieldError(
                    "scenario.viewers",
                    "must be at most " + MAX_VIEWERS + " here, not " + scenario.viewers()
                            + "; run larger swarms with the simulation command"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        SimulationWork work = SimulationWork.of(scenario, proposed == null ? 2 : 3);
        PolicySet active = policies.current();
        return heavyWork.submit(
                "simulation '" + scenario.name() + "'",
                "scenario",
                work.viewerEvents(),
                work.how(),
                abandoned,
                control -> {
                    PolicySet candidate = null;
                    if (proposed != null) {
                        PolicyCompiler.Result result = policies.validate(proposed);
                        candidate =
                                result.policySet().orElseThrow(() -> new PolicyRejectedException(result.problems()));
                    }
                    control.check();
                    return Simulation.compare(
                            scenario, active, candidate, seed, Simulation.Settings.of(settings), control);
                });
    }
}
