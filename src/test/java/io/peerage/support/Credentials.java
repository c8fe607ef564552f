package io.peerage.support;

import io.peerage.allocation.AllocationStore;
import io.peerage.identity.DevTokens;
import io.peerage.identity.NodeTokens;
import io.peerage.swarm.Swarm;
import io.quarkus.arc.Arc;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials for tests, in one place.
 *
 * <ul>
 *   <li>{@link #asRole(String)}, {@link #as(String, String...)}: a person's token with roles, signed with the dev key
 *       that the test profile trusts; {@link #asNode(String)}: a node token issued by the service's own key.
 *   <li>The filter, installed for every {@code @QuarkusTest} ({@link InstallCredentials}): a request sent without an
 *       {@code Authorization} header gets the credentials that its endpoint's row of the role table
 *       ({@link RoleTable}, docs/api.md) allows: the first people's role marked {@code yes}, else the node token of
 *       the node the request names (its path, its body's {@code nodeId}, or the child of the allocation in its path).
 *       For a join: an operator for a CDN or waypoint, the node's own token when it is online, nothing otherwise.
 *       It never adds a role that the row refuses, and the service still checks everything, so it cannot make a
 *       wrong call pass. An endpoint without a row gets nothing.
 *   <li>{@link #NONE}: a header that asks the filter to send no credentials at all (it is removed before sending);
 *       the role matrix and node isolation tests set their credentials explicitly.
 * </ul>
 */
public final class Credentials implements Filter {

    /** Send as {@code given().header(Credentials.NONE, "")}: the request goes without credentials. */
    public static final String NONE = "X-Test-No-Credentials";

    private static final Pattern NODE_PATH = Pattern.compile("^/v1/nodes/([^/?]+)");
    private static final Pattern ALLOCATION_PATH = Pattern.compile("^/v1/allocations/([^/?]+)");
    private static final Pattern BODY_FIELD = Pattern.compile("\"(nodeId|id|kind)\"\\s*:\\s*\"([^\"]*)\"");

    /** A bearer header value for a person holding these roles. */
    public static String as(String name, String... roles) {
        return "Bearer " + DevTokens.sign(name, java.util.List.of(roles));
    }

    /** A bearer header value for a person named after one role, such as {@code dev-operator}. */
    public static String asRole(String role) {
        return "Bearer " + DevTokens.forRole(role);
    }

    /** A bearer header value with a node token for this node, as the service issues them. */
    public static String asNode(String nodeId) {
        return "Bearer "
                + Arc.container().instance(NodeTokens.class).get().issue(nodeId).token();
    }

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext context) {
        if (request.getHeaders().hasHeaderWithName(NONE)) {
            request.removeHeader(NONE);
        } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            credentialsFor(request).ifPresent(value -> request.header("Authorization", value));
        }
        return context.next(request, response);
    }

    private static Optional<String> credentialsFor(FilterableRequestSpecification request) {
        String path = request.getDerivedPath();
        if (path == null || path.isEmpty()) {
            path = request.getURI().replaceFirst("^https?://[^/]+", "");
        }
        Map<String, String> body = bodyFields(request);
        return forRequest(request.getMethod(), path, body);
    }

    /**
     * What the filter would send for a request made without REST Assured (a raw HTTP client or socket): the
     * credentials of the endpoint's row, as above; empty where the row allows no one a test can be.
     */
    public static Optional<String> forRequest(String method, String path, byte[] body) {
        return forRequest(method, path, fieldsOf(body == null ? "" : new String(body, StandardCharsets.UTF_8)));
    }

    private static Optional<String> forRequest(String method, String path, Map<String, String> body) {
        path = path.replaceFirst("[?#].*$", "");
        Optional<RoleTable.Row> row = RoleTable.find(method, path);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (method.equals("POST") && path.equals("/v1/nodes")) {
            return join(body);
        }
        for (String role : RoleTable.PEOPLE) {
            if (row.get().plainly(role)) {
                return Optional.of(asRole(role));
            }
        }
        if (row.get().allows("node")) {
            // A request that names no node (an invalid body, say) goes as a node that never joined.
            return Optional.of(asNode(namedNode(path, body).orElse("no-node-named")));
        }
        return Optional.empty();
    }

    private static Optional<String> join(Map<String, String> body) {
        if (body.containsKey("X-Peerage-Enrollment")) {
            return Optional.empty();
        }
        String kind = body.getOrDefault("kind", "");
        if (kind.equals("CDN") || kind.equals("WAYPOINT")) {
            return Optional.of(asRole("operator"));
        }
        String id = body.get("id");
        if (id != null && swarm().node(id).isPresent()) {
            return Optional.of(asNode(id));
        }
        return Optional.empty();
    }

    private static Optional<String> namedNode(String path, Map<String, String> body) {
        Matcher node = NODE_PATH.matcher(path);
        if (node.find()) {
            return Optional.of(node.group(1));
        }
        Matcher allocation = ALLOCATION_PATH.matcher(path);
        if (allocation.find()) {
            String id = allocation.group(1);
            return swarm().assignment(id)
                    .map(assignment -> assignment.childId())
                    .or(() -> Arc.container()
                            .instance(AllocationStore.class)
                            .get()
                            .find(id)
                            .map(entity -> entity.childId));
        }
        return Optional.ofNullable(body.get("nodeId"));
    }

    /** The top-level string fields that name a node or a kind, read from a JSON body (or a map body). */
    private static Map<String, String> bodyFields(FilterableRequestSpecification request) {
        Map<String, String> fields = new java.util.HashMap<>();
        if (request.getHeaders().hasHeaderWithName("X-Peerage-Enrollment")) {
            fields.put("X-Peerage-Enrollment", "");
        }
        Object body = request.getBody();
        String text = body == null ? "" : body instanceof byte[] bytes ? new String(bytes) : body.toString();
        fieldsOf(text).forEach(fields::putIfAbsent);
        return fields;
    }

    private static Map<String, String> fieldsOf(String text) {
        Map<String, String> fields = new java.util.HashMap<>();
        Matcher matcher = BODY_FIELD.matcher(text);
        while (matcher.find()) {
            fields.putIfAbsent(matcher.group(1), matcher.group(2));
        }
        return fields;
    }

    private static Swarm swarm() {
        return Arc.container().instance(Swarm.class).get();
    }
}
