package io.peerage.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.peerage.support.Api;
import io.peerage.support.Credentials;
import io.peerage.support.RoleTable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Calls every endpoint of the role table (docs/api.md, "Who may call what") as every role, as a node itself and as
 * another node, as a person whose groups claim {@code node}, and as nobody: refused is 401 or 403 exactly where the
 * table says, allowed is anything but 401 and 403 (a 404 or 422 for the made-up ids and bodies is fine). Every
 * JAX-RS endpoint must have a row, with the same roles as its annotation.
 */
@QuarkusTest
class RoleMatrixTest {

    private static final String PROBE_FILE = "matrix-probe.drl";

    @Test
    void every_endpoint_has_a_row_and_its_annotation_allows_exactly_the_roles_of_the_row() {
        Map<String, Set<String>> annotated = annotatedEndpoints();
        Set<String> rows = RoleTable.rows().stream()
                .filter(row -> !row.path().startsWith("/q/"))
                .map(RoleTable.Row::toString)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(rows).as("rows of the role table in docs/api.md").isEqualTo(new TreeSet<>(annotated.keySet()));
        for (RoleTable.Row row : RoleTable.rows()) {
            if (row.path().startsWith("/q/")) {
                continue;
            }
            Set<String> roles = annotated.get(row.toString());
            if (roles == null) {
                assertThat(row.allows("nobody"))
                        .as(row + " is @PermitAll, so its row allows nobody")
                        .isTrue();
                continue;
            }
            Set<String> allowed = RoleTable.CALLERS.stream()
                    .filter(caller -> !caller.equals("nobody") && row.allows(caller))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(new TreeSet<>(roles)).as("@RolesAllowed of " + row).isEqualTo(allowed);
            assertThat(row.allows("nobody")).as(row + " allows nobody").isFalse();
        }
    }

    @Test
    void every_caller_is_refused_or_served_as_the_table_says() {
        String cdn = Api.joinCdn(1_000_000);
        String content = Api.declareLive(1000);
        Api.hold(cdn, content);
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (RoleTable.Row row : RoleTable.rows()) {
            if (row.path().equals("/v1/nodes") && row.method().equals("POST")) {
                continue; // qualified cells: EnrollmentTest and NodeTokenTest call the join as each caller
            }
            String me = Api.joinRegular(4000, "isp-matrix", "DE");
            String other = Api.joinRegular(4000, "isp-matrix", "DE");
            String allocation = row.path().startsWith("/v1/allocations/")
                    ? Api.allocate(me, content).statusCode(201).extract().path("allocationId")
                    : null;
            Probe probe = new Probe(row, me, content, allocation, cdn);

            // Refusals first, so that a call that changes something (a leave, say) comes after them.
            Map<String, String> callers = new LinkedHashMap<>();
            callers.put("nobody", null);
            callers.put("another node", Credentials.asNode(other));
            callers.put("a person whose groups say node", Credentials.as("mallory", Roles.NODE));
            for (String role : RoleTable.PEOPLE) {
                callers.put(role, Credentials.asRole(role));
            }
            callers.put("the node itself", Credentials.asNode(me));
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                int expected = expected(row, caller.getKey());
                Response response = probe.call(caller.getValue());
                calls++;
                int status = response.statusCode();
                boolean ok = expected == 0 ? status != 401 && status != 403 : status == expected;
                if (ok && expected != 0 && row.path().startsWith("/v1/")) {
                    ok = response.contentType().startsWith("application/problem+json")
                            && (expected != 401 || response.header("WWW-Authenticate") != null);
                }
                if (!ok) {
                    wrong.add(row + " as " + caller.getKey() + ": " + status + " (expected "
                            + (expected == 0 ? "neither 401 nor 403" : expected) + ") " + response.asString());
                }
            }
        }
        assertThat(wrong).as("calls answered against the role table").isEmpty();
        assertThat(calls).isEqualTo((RoleTable.rows().size() - 1) * 8);
    }

    /** 0 when the call must pass the gate, else its status. */
    private static int expected(RoleTable.Row row, String caller) {
        return switch (caller) {
            case "nobody" -> row.allows("nobody") ? 0 : 401;
            case "the node itself" -> row.allows("node") ? 0 : 403;
            case "another node" -> row.cells().get("node").equals("yes") ? 0 : 403;
            case "a person whose groups say node" -> row.allows("nobody") ? 0 : 403;
            default -> row.allows(caller) ? 0 : 403;
        };
    }

    /** One concrete, harmless request per row: made-up ids and bodies that change nothing shared. */
    private record Probe(RoleTable.Row row, String me, String content, String allocation, String cdn) {

        Response call(String authorization) {
            RequestSpecification request = given();
            request = authorization == null
                    ? request.header(Credentials.NONE, "")
                    : request.header("Authorization", authorization);
            String path = row.path()
                    .replace("/v1/nodes/{id}", "/v1/nodes/" + me)
                    .replace("{contentId}", content)
                    .replace("/v1/contents/{id}", "/v1/contents/" + content)
                    .replace("/v1/allocations/{id}", "/v1/allocations/" + allocation)
                    .replace("{name}", PROBE_FILE)
                    .replace("{number}", "999999");
            switch (row.toString()) {
                case "POST /v1/allocations" ->
                    request = request.contentType(ContentType.JSON).body(Map.of("nodeId", me, "contentId", content));
                case "PUT /v1/contents/{id}" ->
                    request = request.contentType(ContentType.JSON)
                            .body(Map.of("kind", "LIVE", "media", "VIDEO", "bitrateKbps", 1000, "title", "Match"));
                case "PUT /v1/policies/files/{name}" ->
                    request = request.contentType(ContentType.TEXT).body("this is not DRL");
                case "POST /v1/policies/validate", "POST /v1/policies/dry-run" ->
                    request =
                            request.contentType(ContentType.JSON).body(Map.of("files", Map.of("not-a-policy.txt", "")));
                case "POST /v1/simulations" ->
                    request = request.contentType(ContentType.JSON).body(Map.of());
                case "POST /v1/nodes/{id}/heartbeat" -> request = request.contentType(ContentType.JSON);
                case "POST /v1/allocations/{id}/connections" ->
                    request =
                            request.contentType(ContentType.JSON).body(Map.of("parentId", cdn, "outcome", "CONNECTED"));
                case "GET /v1/why-not" ->
                    request = request.queryParam("child", me).queryParam("parent", cdn);
                default -> {}
            }
            return request.request(row.method(), path);
        }
    }

    /** "METHOD /path" of every JAX-RS endpoint of the build (dev-only ones aside) and its @RolesAllowed. */
    private static Map<String, Set<String>> annotatedEndpoints() {
        Map<String, Set<String>> endpoints = new LinkedHashMap<>();
        for (JavaClass type : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.peerage.api")) {
            Class<?> resource = type.reflect();
            if (!resource.isAnnotationPresent(Path.class) || resource.isAnnotationPresent(IfBuildProfile.class)) {
                continue;
            }
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = (base + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                if (path.length() > 1 && path.endsWith("/")) {
                    path = path.substring(0, path.length() - 1);
                }
                RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class)
                        ? method.getAnnotation(RolesAllowed.class)
                        : method.isAnnotationPresent(PermitAll.class)
                                ? null
                                : resource.getAnnotation(RolesAllowed.class);
                assertThat(roles != null || method.isAnnotationPresent(PermitAll.class))
                        .as(http + " " + path + " has @RolesAllowed or @PermitAll")
                        .isTrue();
                endpoints.put(http + " " + path, roles == null ? null : Set.copyOf(Arrays.asList(roles.value())));
            }
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }
}
