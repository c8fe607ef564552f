package io.peerage.api;

import io.peerage.allocation.ActivationShare;
import io.peerage.allocation.PolicyImpact;
import io.peerage.budget.HeavyWork;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.error.NotFoundException;
import io.peerage.identity.Caller;
import io.peerage.identity.Roles;
import io.peerage.policy.PolicyCompiler;
import io.peerage.policy.PolicyEngine;
import io.peerage.policy.PolicyFile;
import io.peerage.policy.PolicyProblem;
import io.peerage.policy.PolicyRejectedException;
import io.peerage.policy.PolicySet;
import io.peerage.policy.PolicyStore;
import io.peerage.policy.PolicyVersion;
import io.peerage.policy.PolicyVersionEntity;
import io.peerage.policy.RuleMetadata;
import io.peerage.policy.check.RuleReads;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policies", description = "The DRL policy files: versions, validation, activation and dry runs")
public class PolicyResource {

    static final int MAX_EXAMPLES = 10;

    private final PolicyEngine engine;
    private final PolicyStore store;
    private final PolicyImpact impact;
    private final Caller caller;

    private final HeavyWork heavyWork;
    private final ActivationShare activationShare;

    PolicyResource(
            PolicyEngine engine,
            PolicyStore store,
            PolicyImpact impact,
            Caller caller,
            HeavyWork heavyWork,
            ActivationShare activationShare) {
        this.engine = engine;
        this.store = store;
        this.impact = impact;
        this.caller = caller;
        this.heavyWork = heavyWork;
        this.activationShare = activationShare;
    }

    public record FileView(String name, String sha256, int bytes) {}

    public record RuleView(
            String name,
            String file,
            String code,
            String label,
            String policyKind,
            String strictness,
            int rank,
            String description,
            List<String> reads,
            boolean readsClock) {}

    /**
     * The active policies.
     *
     * @param forbiddenAssignments present after a change: the live assignments the new policies forbid when they
     *     became active; each is repaired (trigger {@code POLICY_CHANGE}) in the batches that follow
     */
    public record PolicyView(
            int version,
            String checksum,
            String author,
            Instant activatedAt,
            String activatedBy,
            List<FileView> files,
            List<RuleView> rules,
            PolicyImpact.Forbidden forbiddenAssignments) {}

    public record StatusView(
            int activeVersion,
            boolean ready,
            String rulesDirectory,
            boolean folderWritable,
            Instant lastCheckedAt,
            String folderChecksum,
            boolean folderMatchesActive,
            Instant rejectedAt,
            List<PolicyProblem> problems,
            PolicyEngine.RefusedVersion refusedStoredVersion) {}

    public record VersionRow(
            int number, String checksum, String author, Instant createdAt, boolean active, Instant lastActivatedAt) {}

    public record VersionView(
            int number,
            String checksum,
            String author,
            Instant createdAt,
            boolean active,
            List<PolicyFile> files,
            String diff) {}

    /** A set of files by name, as a business user would send them to check or to try. */
    public record FilesBody(@NotNull Map<String, String> files, Integer sample) {}

    public record ValidationView(boolean valid, List<PolicyProblem> problems, List<RuleView> rules) {}

    /**
     * @param repairs how many live allocations activating the files would repair, their share, and whether the
     *     activation needs {@code ?confirm=true}
     */
    public record DryRunView(
            boolean valid,
            List<PolicyProblem> problems,
            List<RuleView> rules,
            PolicyImpact.Forbidden assignments,
            ActivationShare.Measure repairs,
            PolicyImpact.Replays recentRequests) {}

    @GET
    @RolesAllowed({Roles.POLICY_AUTHOR, Roles.POLICY_ADMIN, Roles.AUDITOR})
    @Operation(summary = "The active policy version: its files and every rule with its metadata")
    public PolicyView active() {
        return view(engine.active(), null);
    }

    @GET
    @Path("/status")
    @RolesAllowed({Roles.POLICY_AUTHOR, Roles.POLICY_ADMIN, Roles.AUDITOR})
    @Operation(summary = "Whether the rules folder matches the active version, and what is wrong with it if not")
    public StatusView status() {
        PolicyEngine.Active active = engine.active();
        PolicyEngine.FolderCheck check = engine.lastFolderCheck();
        return new StatusView(
                active.policySet().number(),
                engine.hasValidPolicies(),
                engine.rulesDirectory().toAbsolutePath().toString(),
                engine.isFolderWritable(),
                check.checkedAt(),
                check.checksum(),
                active.policySet().checksum().equals(check.checksum()),
                check.rejectedAt(),
                check.problems(),
                engine.refusedStoredVersion().orElse(null));
    }

    @PUT
    @Path("/files/{name}")
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(
            summary =
                    "Add or replace one DRL file; 422 with every problem when the result does not compile, 409 when it"
                            + " would repair more live allocations than an activation may without ?confirm=true")
    @RolesAllowed(Roles.POLICY_AUTHOR)
    public PolicyView putFile(@PathParam("name") String name, @QueryParam("confirm") String confirm, String text) {
        requireFileName(name);
        boolean confirmed = confirmed(confirm);
        if (text == null || text.isBlank()) {
            throw InvalidInputException.of("body", "is empty: send the DRL text of the file, or DELETE the file");
        }
        return changed(engine.putFile(name, text, caller.name(), confirmed));
    }

    @DELETE
    @Path("/files/{name}")
    @Operation(
            summary = "Remove one DRL file; 422 when the rest does not compile without it, 409 when it would repair"
                    + " more live allocations than an activation may without ?confirm=true")
    @RolesAllowed(Roles.POLICY_AUTHOR)
    public PolicyView deleteFile(@PathParam("name") String name, @QueryParam("confirm") String confirm) {
        requireFileName(name);
        return changed(engine.deleteFile(name, caller.name(), confirmed(confirm)));
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a set of files without activating them")
    @RolesAllowed(Roles.POLICY_AUTHOR)
    public ValidationView validate(@NotNull @Valid FilesBody body) {
        PolicyCompiler.Result result = engine.validate(files(body));
        return new ValidationView(
                result.isValid(),
                result.problems(),
                result.policySet().map(PolicyResource::rules).orElse(List.of()));
    }

    @POST
    @Path("/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "What a proposed set of files would change in current assignments and recent requests")
    @RolesAllowed(Roles.POLICY_AUTHOR)
    @Blocking
    public Uni<DryRunView> dryRun(@NotNull @Valid FilesBody body, @Context HttpServerResponse response) {
        int sample = body.sample() == null ? 50 : body.sample();
        if (sample < 0 || sample > 1000) {
            throw InvalidInputException.of("sample", "must be between 0 and 1000, not " + sample);
        }
        PolicyCompiler.Result result = engine.validate(files(body));
        if (!result.isValid()) {
            throw new PolicyRejectedException(result.problems());
        }
        PolicySet proposed = result.policySet().orElseThrow();
        PolicySet active = engine.current();
        // Heavy work: in the bounded pool, within the work budget and the time limit, stopped if the client goes.
        HeavyWork.Job<DryRunView> job = heavyWork.submit(
                "dry run",
                "body",
                impact.dryRunWork(sample),
                "each parent of a live assignment, each replay twice",
                response::closed,
                control -> {
                    PolicyImpact.Forbidden forbidden = impact.forbiddenBy(proposed, MAX_EXAMPLES, control);
                    return new DryRunView(
                            true,
                            List.of(),
                            rules(proposed),
                            forbidden,
                            activationShare.of(forbidden),
                            impact.replay(active, proposed, sample, MAX_EXAMPLES, control));
                });
        return Uni.createFrom().completionStage(job.result()).onCancellation().invoke(job::cancel);
    }

    @GET
    @Path("/versions")
    @RolesAllowed({Roles.POLICY_AUTHOR, Roles.POLICY_ADMIN, Roles.AUDITOR})
    @Operation(summary = "Every stored version, newest first")
    public List<VersionRow> versions(@QueryParam("page") String page, @QueryParam("size") String size) {
        List<FieldError> errors = new ArrayList<>();
        Paging paging = Paging.of(page, size, 50, 200, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        int active = engine.current().number();
        Map<Integer, Instant> lastActivated = store.activations().stream()
                .collect(Collectors.toMap(
                        PolicyStore.Activation::versionNumber,
                        PolicyStore.Activation::activatedAt,
                        (newest, older) -> newest));
        List<VersionRow> rows = new ArrayList<>();
        for (PolicyVersionEntity version : store.versions(paging.offset(), paging.size())) {
            rows.add(new VersionRow(
                    version.number,
                    version.checksum,
                    version.author,
                    version.createdAt,
                    version.number == active,
                    lastActivated.get(version.number)));
        }
        return rows;
    }

    @GET
    @Path("/versions/{number}")
    @RolesAllowed({Roles.POLICY_AUTHOR, Roles.POLICY_ADMIN, Roles.AUDITOR})
    @Operation(summary = "One stored version: its files as they were and its difference from the version before")
    public VersionView version(@PathParam("number") int number) {
        PolicyVersion version = store.version(number)
                .orElseThrow(() -> new NotFoundException("policy version", String.valueOf(number)));
        return new VersionView(
                version.number(),
                version.checksum(),
                version.author(),
                version.createdAt(),
                version.number() == engine.current().number(),
                version.files(),
                version.diff());
    }

    @POST
    @Path("/versions/{number}/activate")
    @Operation(
            summary = "Make a stored version active again, such as to roll back; 409 when it would repair more live"
                    + " allocations than an activation may without ?confirm=true")
    @RolesAllowed(Roles.POLICY_ADMIN)
    public PolicyView activate(@PathParam("number") int number, @QueryParam("confirm") String confirm) {
        return changed(engine.activate(number, caller.name(), confirmed(confirm)));
    }

    /** {@code ?confirm=true} lets in an activation that repairs many live allocations; absent means false. */
    static boolean confirmed(String confirm) {
        if (confirm == null || confirm.equals("false")) {
            return false;
        }
        if (confirm.equals("true")) {
            return true;
        }
        throw InvalidInputException.of("confirm", "must be true or false, not '" + confirm + "'");
    }

    private PolicyView changed(PolicyEngine.Active active) {
        return view(active, impact.forbiddenBy(active.policySet(), MAX_EXAMPLES));
    }

    private static PolicyView view(PolicyEngine.Active active, PolicyImpact.Forbidden forbidden) {
        PolicySet set = active.policySet();
        return new PolicyView(
                set.number(),
                set.checksum(),
                active.author(),
                active.activatedAt(),
                active.activatedBy(),
                set.files().stream()
                        .map(file -> new FileView(
                                file.name(),
                                file.sha256(),
                                file.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length))
                        .toList(),
                rules(set),
                forbidden);
    }

    private static List<RuleView> rules(PolicySet set) {
        return set.rules().values().stream()
                .sorted(Comparator.comparing(RuleMetadata::file).thenComparing(RuleMetadata::name))
                .map(rule -> new RuleView(
                        rule.name(),
                        rule.file(),
                        rule.code(),
                        rule.label(),
                        rule.kind().name(),
                        rule.strictness().name(),
                        rule.rank(),
                        rule.description(),
                        set.readsOf(rule.name())
                                .map(reads -> reads.reads().stream()
                                        .map(Object::toString)
                                        .toList())
                                .orElse(List.of()),
                        set.readsOf(rule.name()).map(RuleReads::readsClock).orElse(false)))
                .toList();
    }

    private static List<PolicyFile> files(FilesBody body) {
        List<FieldError> errors = new ArrayList<>();
        body.files().keySet().stream()
                .filter(name -> !PolicyEngine.isPolicyFileName(name))
                .forEach(name -> errors.add(new FieldError("files." + name, FILE_NAME_MESSAGE)));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return body.files().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> PolicyFile.of(
                        entry.getKey(), Optional.ofNullable(entry.getValue()).orElse("")))
                .toList();
    }

    static final String FILE_NAME_MESSAGE =
            "must be a policy file name: letters, digits, '.', '_' or '-', ending in .drl (such as network.drl),"
                    + " or settings.json";

    private static void requireFileName(String name) {
        if (!PolicyEngine.isPolicyFileName(name)) {
            throw InvalidInputException.of("name", FILE_NAME_MESSAGE);
        }
    }
}
