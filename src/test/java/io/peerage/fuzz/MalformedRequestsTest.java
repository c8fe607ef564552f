package io.peerage.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.policy.PolicyEngine;
import io.peerage.support.Api;
import io.peerage.support.Credentials;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A few thousand generated malformed requests to every operation of the API, enumerated from its own OpenAPI document
 * so that a new endpoint is covered by itself. Each request is wrong for sure (a malformed or unknown id in the path, a
 * body of the wrong JSON type, with a field of the wrong type, a key unknown or given twice, broken JSON, a body of
 * another or no Content-Type, out-of-range query numbers), so none may change anything: every answer is below 500 and a
 * problem+json when it is an error, and the stored state (nodes, contents, holdings, allocations, decisions, policy
 * versions and activations, the active version) is the same after as before.
 */
@QuarkusTest
class MalformedRequestsTest {

    private static final Logger LOG = Logger.getLogger(MalformedRequestsTest.class);

    /** Requests per operation and way of breaking it; about 3,000 in all. */
    static final int PER_OPERATION = 150;

    static final long SEED = Long.getLong("peerage.fuzz.seed", 14L);

    static final String[] BAD_IDS = {
        "..",
        ".",
        "%2E%2E",
        "%2e",
        "a%2Fb",
        "%00",
        "a%20b",
        "%C3%A9",
        "x".repeat(65),
        "unknown-fuzz-id",
        "-1",
        "0",
        "99999999999999999999",
        "%7B%7D",
        "true",
        "null",
        "%22quoted%22",
        "a%3Bb",
        "%25"
    };

    static final String[] BAD_QUERY_VALUES = {
        "",
        "-1",
        "0",
        "2147483647",
        "2147483648",
        "99999999999999999999",
        "abc",
        "1e3",
        "1.5",
        "%00",
        "true",
        "null",
        "-2147483648",
        "%20",
        "2026-13-45T99:00:00Z",
        "..",
        "x".repeat(300)
    };

    static final String[] BROKEN_JSON = {
        "{",
        "[",
        "{\"a\":",
        "{\"a\" 1}",
        "{\"a\":1}{}",
        "{\"a\":1,}",
        "[1,2",
        "nul",
        "tru",
        "{'a':1}",
        "{\"a\":01}",
        "{\"a\":NaN}",
        "{\"a\":1e999999}",
        "\"unterminated",
        "{\"a\":\"\\uZZZZ\"}",
        "}",
        "{\"a\":1]"
    };

    @Inject
    EntityManager entityManager;

    @Inject
    PolicyEngine engine;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Operation(String method, String path, List<String> queryParameters, JsonNode bodySchema, boolean json) {}

    record Answer(int status, String contentType, String body) {}

    @Test
    void no_malformed_request_to_any_endpoint_answers_5xx_or_changes_anything() throws Exception {
        // Something to find, so that unknown and known ids both meet the code behind them.
        String content = Api.declareLive(800);
        String cdn = Api.joinCdn(50_000);
        Api.hold(cdn, content);

        JsonNode openApi = json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(
                                        RestAssured.baseURI + ":" + RestAssured.port + "/q/openapi?format=json"))
                                .header("Authorization", Credentials.asRole("operator"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        List<Operation> operations = operations(openApi);
        assertThat(operations)
                .extracting(operation -> operation.method() + " " + operation.path())
                .contains(
                        "POST /v1/nodes",
                        "PUT /v1/contents/{id}",
                        "POST /v1/allocations",
                        "POST /v1/policies/validate",
                        "POST /v1/policies/dry-run",
                        "POST /v1/simulations",
                        "GET /v1/decisions",
                        "GET /v1/policies/versions");

        Map<String, Object> before = state();
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Operation operation : operations) {
            for (int i = 0; i < PER_OPERATION; i++) {
                Request request = malformed(operation, openApi, random, cdn, content);
                Answer answer = send(request);
                sent++;
                String problem = check(answer);
                if (problem != null && failures.size() < 20) {
                    failures.add(request + " -> " + answer.status() + " " + problem + ": " + abbreviate(answer.body()));
                }
            }
        }
        LOG.infof("Sent %d malformed requests to %d operations (seed %d)", sent, operations.size(), SEED);

        assertThat(failures)
                .as("answers that were 5xx or not problem+json (seed " + SEED + ")")
                .isEmpty();
        assertThat(sent).isGreaterThanOrEqualTo(2000);
        assertThat(state()).as("the stored state after all of them").isEqualTo(before);
    }

    /** Null when the answer is fine; what is wrong with it otherwise. */
    private static String check(Answer answer) {
        if (answer.status() >= 500) {
            return "a server error";
        }
        if (answer.status() >= 400) {
            if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")) {
                return "an error that is not problem+json";
            }
            if (!answer.body().contains("\"type\"") || !answer.body().contains("\"title\"")) {
                return "a problem without type and title";
            }
        }
        return null;
    }

    record Request(String method, String path, String contentType, byte[] body) {
        @Override
        public String toString() {
            return method + " " + path + " [" + contentType + "] "
                    + (body == null ? "" : abbreviate(new String(body, StandardCharsets.UTF_8)));
        }
    }

    private Request malformed(Operation operation, JsonNode openApi, Random random, String cdn, String content) {
        // Path parameters are malformed or unknown, so that nothing they name can change; a query parameter is out of
        // range or not a number now and then.
        boolean pathHasParameters = operation.path().contains("{");
        String path = operation.path();
        while (path.contains("{")) {
            int open = path.indexOf('{');
            int close = path.indexOf('}', open);
            path = path.substring(0, open) + BAD_IDS[random.nextInt(BAD_IDS.length)] + path.substring(close + 1);
        }
        StringBuilder query = new StringBuilder();
        for (String name : operation.queryParameters()) {
            if (random.nextInt(3) == 0) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(name)
                        .append('=')
                        .append(BAD_QUERY_VALUES[random.nextInt(BAD_QUERY_VALUES.length)]);
            }
        }
        if (!operation.method().equals("POST") && !operation.method().equals("PUT")) {
            // Without a body, the request must be malformed by its path or query.
            if (!pathHasParameters
                    && query.isEmpty()
                    && !operation.queryParameters().isEmpty()) {
                String name = operation
                        .queryParameters()
                        .get(random.nextInt(operation.queryParameters().size()));
                query.append("?").append(name).append("=abc");
            }
            return new Request(operation.method(), path + query, null, null);
        }
        int kind = random.nextInt(10);
        if (!operation.json()) {
            // A text body (a policy file): its path is malformed; the text may be anything.
            return new Request(
                    operation.method(),
                    path + query,
                    kind < 7 ? "text/plain" : null,
                    text(random).getBytes(StandardCharsets.UTF_8));
        }
        return switch (kind) {
            case 0 -> new Request(operation.method(), path, "application/json", brokenJson(random));
            case 1 -> new Request(operation.method(), path, null, wrongTypedObject(operation, openApi, random));
            case 2 ->
                new Request(
                        operation.method(),
                        path,
                        random.nextBoolean() ? "text/plain" : "application/xml",
                        wrongTypedObject(operation, openApi, random));
            case 3 -> new Request(operation.method(), path, "application/json", wrongTopLevel(random));
            case 4 ->
                new Request(operation.method(), path, "application/json", duplicateKey(operation, openApi, random));
            default ->
                new Request(operation.method(), path, "application/json", wrongTypedObject(operation, openApi, random));
        };
    }

    private byte[] brokenJson(Random random) {
        if (random.nextInt(4) == 0) {
            int depth = 2000 + random.nextInt(20_000);
            return ("[".repeat(depth) + "]".repeat(random.nextBoolean() ? depth : depth / 2))
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (random.nextInt(6) == 0) {
            return new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        }
        return BROKEN_JSON[random.nextInt(BROKEN_JSON.length)].getBytes(StandardCharsets.UTF_8);
    }

    private byte[] wrongTopLevel(Random random) {
        String[] values = {"[]", "[{}]", "null", "1", "-7", "true", "\"text\"", "1.5", "[null]", "\"\""};
        return values[random.nextInt(values.length)].getBytes(StandardCharsets.UTF_8);
    }

    /** An object with at least one field of the wrong JSON type, or a field the API does not know. */
    private byte[] wrongTypedObject(Operation operation, JsonNode openApi, Random random) {
        Map<String, JsonNode> properties = properties(operation.bodySchema(), openApi);
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(properties.keySet());
        if (names.isEmpty() || random.nextInt(8) == 0) {
            body.put("notAField" + random.nextInt(100), anyValue(random, 2));
        }
        int wrong = names.isEmpty() ? 0 : 1 + random.nextInt(Math.min(3, names.size()));
        for (int i = 0; i < wrong; i++) {
            String name = names.get(random.nextInt(names.size()));
            body.put(name, wrongValueFor(properties.get(name), openApi, random));
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] duplicateKey(Operation operation, JsonNode openApi, Random random) {
        Map<String, JsonNode> properties = properties(operation.bodySchema(), openApi);
        String name = properties.isEmpty()
                ? "id"
                : new ArrayList<>(properties.keySet()).get(random.nextInt(properties.size()));
        return ("{\"" + name + "\": 1, \"" + name + "\": 2}").getBytes(StandardCharsets.UTF_8);
    }

    /** A value whose JSON type is not what the schema says. */
    private Object wrongValueFor(JsonNode schema, JsonNode openApi, Random random) {
        JsonNode resolved = resolve(schema, openApi);
        String type = typeOf(resolved);
        List<Object> candidates = new ArrayList<>();
        if (!type.equals("string")) {
            candidates.add("text");
            candidates.add("");
            candidates.add("1");
        }
        if (!type.equals("integer") && !type.equals("number")) {
            candidates.add(1);
            candidates.add(-7);
            candidates.add(1.5);
        }
        if (type.equals("integer")) {
            candidates.add(1.5);
            candidates.add(new java.math.BigInteger("99999999999999999999999"));
        }
        if (!type.equals("boolean")) {
            candidates.add(true);
            candidates.add(false);
        }
        if (!type.equals("array")) {
            candidates.add(List.of(1, "a"));
        }
        if (!type.equals("object")) {
            candidates.add(Map.of("nested", 1));
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    /** The JSON type a schema asks for; OpenAPI 3.1 may list it with "null" beside it. */
    private static String typeOf(JsonNode schema) {
        if (schema == null || !schema.has("type")) {
            return schema != null && schema.has("enum") ? "string" : "object";
        }
        JsonNode type = schema.get("type");
        if (type.isArray()) {
            for (JsonNode entry : type) {
                if (!entry.asText().equals("null")) {
                    return entry.asText();
                }
            }
            return "object";
        }
        return type.asText();
    }

    private Object anyValue(Random random, int depth) {
        return switch (random.nextInt(depth > 0 ? 7 : 5)) {
            case 0 -> random.nextInt();
            case 1 -> "s" + random.nextInt(1000);
            case 2 -> random.nextBoolean();
            case 3 -> random.nextDouble();
            case 4 -> "";
            case 5 -> List.of(anyValue(random, depth - 1));
            default -> Map.of("k", anyValue(random, depth - 1));
        };
    }

    private static String text(Random random) {
        String[] texts = {"", " ", "rule", "package x; rule \"a\" when then end", "{}", "\u0000", "((((((((", "é"};
        return texts[random.nextInt(texts.length)];
    }

    /** Every operation of the OpenAPI document, with its query parameters and the schema of its JSON body. */
    private List<Operation> operations(JsonNode openApi) {
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/v1/")) {
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!List.of("get", "post", "put", "delete", "patch").contains(method.getKey())) {
                    continue;
                }
                List<String> query = new ArrayList<>();
                for (JsonNode parameter : method.getValue().path("parameters")) {
                    if (parameter.path("in").asText().equals("query")) {
                        query.add(parameter.path("name").asText());
                    }
                }
                JsonNode content = method.getValue().path("requestBody").path("content");
                boolean isJson = !content.has("text/plain");
                JsonNode schema = content.path("application/json").path("schema");
                operations.add(new Operation(
                        method.getKey().toUpperCase(java.util.Locale.ROOT),
                        path.getKey(),
                        query,
                        schema.isMissingNode() ? null : schema,
                        isJson));
            }
        }
        return operations;
    }

    private static Map<String, JsonNode> properties(JsonNode schema, JsonNode openApi) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        JsonNode resolved = resolve(schema, openApi);
        if (resolved != null) {
            resolved.path("properties")
                    .fields()
                    .forEachRemaining(entry -> properties.put(entry.getKey(), entry.getValue()));
        }
        return properties;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode openApi) {
        if (schema == null) {
            return null;
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replaceFirst("^#/components/schemas/", "");
            return openApi.path("components").path("schemas").path(name);
        }
        if (schema.has("allOf") && schema.get("allOf").size() > 0) {
            return resolve(schema.get("allOf").get(0), openApi);
        }
        return schema;
    }

    private Answer get(String path) throws Exception {
        return send(new Request("GET", path, null, null));
    }

    private Answer send(Request request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + request.path()))
                .timeout(Duration.ofSeconds(60))
                .method(
                        request.method(),
                        request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        // The credentials the endpoint's row allows, so that malformed input meets the code behind the check.
        Credentials.forRequest(request.method(), request.path(), request.body())
                .ifPresent(value -> builder.header("Authorization", value));
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.body());
    }

    /** What the service stores, summed up so that any change to any row shows. */
    private Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        QuarkusTransaction.requiringNew().run(() -> {
            state.put(
                    "nodes",
                    sum("select count(*), sum(crc32(concat(id, profile, coalesce(left_at, ''))))" + " from node"));
            state.put(
                    "contents",
                    sum("select count(*), sum(crc32(concat(id, kind, bitrate_kbps, title, updated_at)))"
                            + " from content"));
            state.put(
                    "holdings", sum("select count(*), sum(crc32(concat(node_id, content_id, fraction))) from holding"));
            state.put("allocations", sum("select count(*), sum(crc32(concat(id, status))) from allocation"));
            state.put("decisions", sum("select count(*), 0 from decision"));
            state.put("policy versions", sum("select count(*), sum(number) from policy_version"));
            state.put("policy activations", sum("select count(*), max(id) from policy_activation"));
        });
        state.put("active version", engine.current().number());
        return state;
    }

    private String sum(String sql) {
        Object[] row = (Object[]) entityManager.createNativeQuery(sql).getSingleResult();
        return row[0] + "/" + row[1];
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
