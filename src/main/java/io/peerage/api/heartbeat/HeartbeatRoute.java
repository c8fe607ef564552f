package io.peerage.api.heartbeat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.peerage.api.problem.Problem;
import io.peerage.api.problem.ProblemType;
import io.peerage.identity.NodeTokens;
import io.peerage.identity.VerifiedNodeTokens;
import io.peerage.membership.Heartbeats;
import io.peerage.node.HeartbeatReport;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves the common heartbeat, an online node beating with the token it was verified with before, straight from the
 * HTTP route: no REST resource, security interceptors, context propagation or Bean Validation on the way, which
 * together cost more than the heartbeat itself. The answer is the resource's, byte for byte.
 *
 * <p>Every other request goes on, untouched, to {@code NodeResource.heartbeat}: a token not verified before, another
 * node's token, a node that is not online, a body that does not read or breaks a constraint (the resource names the
 * field), a large or chunked body, a body sent over HTTP/2, or headers this route does not read ({@code Expect}, an
 * {@code Accept} other than JSON, a {@code Content-Type} other than JSON). A body the route read is handed on with
 * the request, so the resource reads the very same bytes. {@value #SETTING}{@code =false} sends every heartbeat to the
 * resource.
 */
@ApplicationScoped
public class HeartbeatRoute {

    static final String SETTING = "peerage.nodes.heartbeat-route";

    /**
     * The largest body the route reads (or the service's body limit when lower); a larger one goes to the resource,
     * under the service's HTTP limits.
     */
    static final long MAX_BODY_BYTES = 256 * 1024;

    /** Where a body the route read waits for the resource (see {@link ReadBodies}). */
    static final String READ_BODY = HeartbeatRoute.class.getName() + ".body";

    private static final String PATH = "/v1/nodes/:id/heartbeat";
    private static final String TEMPLATE = "/v1/nodes/{id}/heartbeat";
    /** Where Quarkus' HTTP metrics read the request's path template (its {@code ObservabilityUtil}). */
    private static final String PATH_TEMPLATE_KEY = "UrlPathTemplate";

    private static final String BEARER = "Bearer ";
    private static final String JSON = "application/json";
    private static final String ANSWER_TYPE = "application/json;charset=UTF-8";
    private static final Logger LOG = Logger.getLogger(HeartbeatRoute.class);

    private final VerifiedNodeTokens verified;
    private final NodeTokens tokens;
    private final Swarm swarm;
    private final Heartbeats heartbeats;
    private final ObjectReader reports;
    private final ObjectWriter answers;
    private final ObjectWriter problems;
    private final Counter served;
    private final Counter handedOn;
    private final long maxBody;
    private volatile boolean enabled;

    HeartbeatRoute(
            VerifiedNodeTokens verified,
            NodeTokens tokens,
            Swarm swarm,
            Heartbeats heartbeats,
            ObjectMapper json,
            MeterRegistry meters,
            @ConfigProperty(name = SETTING, defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        this.verified = verified;
        this.tokens = tokens;
        this.swarm = swarm;
        this.heartbeats = heartbeats;
        this.reports = json.readerFor(HeartbeatReport.class);
        this.answers = json.writerFor(HeartbeatAnswer.class);
        this.problems = json.writerFor(Problem.class);
        this.served = counter(meters, "route");
        this.handedOn = counter(meters, "resource");
        this.enabled = enabled;
        this.maxBody = Math.min(MAX_BODY_BYTES, limit.asLongValue());
    }

    private static Counter counter(MeterRegistry meters, String by) {
        return Counter.builder("peerage.heartbeats.served")
                .tag("by", by)
                .description("Heartbeat requests by where they were answered: the heartbeat route, or handed on to"
                        + " the REST resource")
                .register(meters);
    }

    void register(@Observes Router router) {
        // Before the REST layer's routes, after the HTTP layer's own (access log, body limits, compression).
        router.post(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::serve);
    }

    /** Turns the route on or off while running, as {@value #SETTING} does at start (for tests). */
    void enable(boolean on) {
        enabled = on;
    }

    private void serve(RoutingContext context) {
        HttpServerRequest request = context.request();
        String token = enabled ? bearer(request.getHeader(HttpHeaders.AUTHORIZATION)) : null;
        if (token == null
                || request.getHeader(HttpHeaders.EXPECT) != null
                || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || !answersJson(request.getHeader(HttpHeaders.ACCEPT))) {
            handOn(context, null);
            return;
        }
        long length = length(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (length == 0 && (type == null || isJson(type))) {
            answer(context, token, null);
        } else if (length > 0
                && length <= maxBody
                && type != null
                && isJson(type)
                // HTTP/2 refuses to pause a stream whose body was read, which the resource does on its way in.
                && request.version() != HttpVersion.HTTP_2) {
            read(context, token);
        } else {
            handOn(context, null);
        }
    }

    /** Reads the body, then answers; the body stays paused until then. */
    private void read(RoutingContext context, String token) {
        HttpServerRequest request = context.request();
        if (context.body().available()) {
            // A body handler ahead of this route read it already.
            answer(context, token, context.body().buffer());
            return;
        }
        try {
            request.body().onComplete(read -> {
                if (read.succeeded()) {
                    answer(context, token, read.result());
                } else {
                    context.fail(read.cause());
                }
            });
        } catch (IllegalStateException alreadyRead) {
            handOn(context, null);
            return;
        }
        // The HTTP layer holds a request's body back until someone reads it.
        request.resume();
    }

    private void answer(RoutingContext context, String token, Buffer body) {
        String nodeId = context.pathParam("id");
        Optional<VerifiedNodeTokens.Claims> claims = verified.lookupBeforeFullCheck(token, Instant.now());
        Optional<LiveNode> node = claims.filter(c -> c.nodeId().equals(nodeId)).flatMap(c -> swarm.node(nodeId));
        HeartbeatReport report = null;
        if (node.isPresent() && body != null) {
            report = reportIn(body);
        }
        if (node.isEmpty() || body != null && (report == null || !ReportChecks.valid(report))) {
            handOn(context, body);
            return;
        }
        ((HttpServerRequestInternal) context.request()).context().putLocal(PATH_TEMPLATE_KEY, TEMPLATE);
        try {
            NodeTokens.NodeToken renewed = tokens.renew(
                    nodeId, new NodeTokens.NodeToken(token, claims.get().expiresAt()));
            HeartbeatAnswer answer = HeartbeatAnswer.of(nodeId, heartbeats.beat(node.get(), report), renewed);
            byte[] bytes = answers.writeValueAsBytes(answer);
            served.increment();
            context.response()
                    .setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, ANSWER_TYPE)
                    .end(Buffer.buffer(bytes));
        } catch (Exception e) {
            LOG.error("Unexpected failure", e);
            unexpected(context);
        }
    }

    /** The report in the body; null when it does not read as one (the resource says why). */
    private HeartbeatReport reportIn(Buffer body) {
        try {
            return reports.readValue(body.getBytes());
        } catch (Exception unreadable) {
            return null;
        }
    }

    private void handOn(RoutingContext context, Buffer body) {
        if (body != null) {
            context.put(READ_BODY, body);
        }
        handedOn.increment();
        context.next();
    }

    private void unexpected(RoutingContext context) {
        Problem problem = Problem.of(
                ProblemType.INTERNAL_ERROR,
                Problem.UNEXPECTED,
                context.request().path(),
                null,
                null);
        try {
            context.response()
                    .setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(Buffer.buffer(problems.writeValueAsBytes(problem)));
        } catch (Exception e) {
            context.fail(e);
        }
    }

    /**
     * The token of {@code Bearer <token>}, as sent; null without one. Its characters are not checked: only a token
     * found in {@link VerifiedNodeTokens}, which holds exact verified tokens, is served here.
     */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length() || !authorization.startsWith(BEARER)) {
            return null;
        }
        return authorization.substring(BEARER.length());
    }

    /** The body's declared length: 0 when none is declared, -1 when it does not read as one. */
    static long length(String contentLength) {
        if (contentLength == null) {
            return 0;
        }
        try {
            return Long.parseLong(contentLength);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code application/json}, with a UTF-8 charset or none. */
    static boolean isJson(String contentType) {
        return contentType.equalsIgnoreCase(JSON)
                || contentType.equalsIgnoreCase(JSON + ";charset=UTF-8")
                || contentType.equalsIgnoreCase(JSON + "; charset=UTF-8");
    }

    /** No {@code Accept}, or one that takes JSON as it is written: anything else is the resource's to negotiate. */
    static boolean answersJson(String accept) {
        return accept == null || accept.equals("*/*") || accept.equalsIgnoreCase(JSON);
    }
}
