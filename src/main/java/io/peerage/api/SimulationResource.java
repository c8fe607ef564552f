package io.peerage.api;

import io.peerage.budget.HeavyWork;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.identity.Roles;
import io.peerage.policy.PolicyEngine;
import io.peerage.policy.PolicyFile;
import io.peerage.simulation.Scenario;
import io.peerage.simulation.SimulationReport;
import io.peerage.simulation.SimulationService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/simulations")
@RolesAllowed(Roles.POLICY_AUTHOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Simulations", description = "A swarm simulated under the policies, against a plain tracker")
public class SimulationResource {

    private final SimulationService simulations;

    SimulationResource(SimulationService simulations) {
        this.simulations = simulations;
    }

    /**
     * @param scenario the swarm to simulate, as in docs/scenarios/
     * @param files proposed policy files by name, as for a dry run; absent to simulate the active policies only
     * @param seed the seed; the scenario's own when absent
     */
    public record SimulationBody(Scenario scenario, Map<String, String> files, Long seed) {}

    /** Runs on a worker thread: checking the scenario is cheap, the run itself waits in the bounded pool. */
    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Simulate a swarm under the active policies, a plain tracker, and proposed policies if given",
            description = "Runs the real allocation pipeline in simulated time on a swarm of its own; the live swarm is"
                    + " not touched. See docs/simulation.md")
    public Uni<SimulationReport> simulate(@NotNull SimulationBody body, @Context HttpServerResponse response) {
        if (body.scenario() == null) {
            throw InvalidInputException.of("scenario", "is required: the swarm to simulate, as in docs/scenarios/");
        }
        // The run stops when the client's connection closes: it asks at every check, and Quarkus REST also cancels
        // the subscription.
        HeavyWork.Job<SimulationReport> job =
                simulations.start(body.scenario(), files(body.files()), body.seed(), response::closed);
        return Uni.createFrom().completionStage(job.result()).onCancellation().invoke(job::cancel);
    }

    private static List<PolicyFile> files(Map<String, String> files) {
        if (files == null) {
            return null;
        }
        List<FieldError> errors = new ArrayList<>();
        files.keySet().stream()
                .filter(name -> !PolicyEngine.isPolicyFileName(name))
                .forEach(name -> errors.add(new FieldError("files." + name, PolicyResource.FILE_NAME_MESSAGE)));
        if (files.isEmpty()) {
            errors.add(new FieldError("files", "is empty: leave it out to simulate the active policies only"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return files.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> PolicyFile.of(
                        entry.getKey(), Optional.ofNullable(entry.getValue()).orElse("")))
                .toList();
    }
}
