package io.peerage.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The part of a policy set that business users change often, kept as data in {@code settings.json} beside the rule
 * files so that changing a country list or a limit needs no rule rewrite. It is versioned with the rules: its text is
 * part of the policy set's version.
 *
 * <p>Rules do not read this object: the engine copies what applies to a request into the facts, such as
 * {@code content.blockedCountries} and {@code content.sourcePreference}, before the rules run. The keys are described
 * in {@code docs/policy-catalog.md}.
 *
 * @param format the version of the file's layout; 1, the only one so far
 * @param providers settings per content provider, by the provider's name as contents declare it
 * @param providerDefaults settings for providers that are not listed
 * @param congestion when a swarm counts as congested and who gets the better parents then
 */
public record PolicySettings(
        int format,
        Map<String, ProviderSettings> providers,
        ProviderSettings providerDefaults,
        CongestionSettings congestion) {

    /** The file name, in the rules folder, that holds the settings. */
    public static final String FILE_NAME = "settings.json";

    /** The settings of a policy set without a settings file. */
    public static final PolicySettings DEFAULTS =
            new PolicySettings(1, Map.of(), ProviderSettings.NONE, CongestionSettings.DEFAULTS);

    public PolicySettings {
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }

    /** The settings of one provider: its own, or the defaults when it is not listed. */
    public ProviderSettings provider(String name) {
        return providers.getOrDefault(name == null ? "" : name, providerDefaults);
    }

    /** Where a provider wants parents to come from when both are possible. */
    public enum SourcePreference {
        /** Prefer peers, to cut hosting cost. */
        PEERS,
        /** Prefer CDN nodes, for quality. */
        CDN,
        /** No preference: the ranking decides. */
        NONE
    }

    /**
     * One provider's settings.
     *
     * @param blockedCountries where its content is not licensed (ISO 3166-1 alpha-2 codes): a child there is denied
     * @param sourcePreference whether to prefer peers or CDN nodes as parents
     */
    public record ProviderSettings(List<String> blockedCountries, SourcePreference sourcePreference) {

        public static final ProviderSettings NONE = new ProviderSettings(List.of(), SourcePreference.NONE);

        public ProviderSettings {
            blockedCountries = List.copyOf(blockedCountries);
        }
    }

    /**
     * When a swarm is congested, and what then counts as a better parent.
     *
     * @param spareToDemandRatio a swarm is congested when its holders' spare uplink is below this many times its
     *     demand; see {@code io.peerage.allocation.Congestion} for how both are measured
     * @param betterParentMinQuality a peer with at least this quality (0 to 1) is a better parent; CDN and waypoint
     *     nodes always are
     */
    public record CongestionSettings(double spareToDemandRatio, double betterParentMinQuality) {

        public static final CongestionSettings DEFAULTS = new CongestionSettings(1.5, 0.7);
    }

    // --- Reading the file ----------------------------------------------------------------------------------------

    /** The outcome of reading a settings file: the settings, or what is wrong with the file. */
    public record Parsed(PolicySettings settings, List<PolicyProblem> problems) {
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private static final Set<String> COUNTRIES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

    /** The file as written: every key optional, checked after reading so that each problem names its key. */
    private record FileLayout(
            Integer format,
            Map<String, ProviderLayout> providers,
            ProviderLayout providerDefaults,
            CongestionLayout congestion) {}

    private record ProviderLayout(List<String> blockedCountries, SourcePreference sourcePreference) {}

    private record CongestionLayout(Double spareToDemandRatio, Double betterParentMinQuality) {}

    /** Reads and checks a settings file; every problem has the file, line, column and the key it is about. */
    public static Parsed parse(PolicyFile file) {
        List<PolicyProblem> problems = new ArrayList<>();
        if (file.text().isBlank()) {
            problems.add(new PolicyProblem(
                    file.name(), 1, 1, "the settings file is empty: write {} for a policy set without settings"));
            return new Parsed(DEFAULTS, problems);
        }
        Map<String, JsonLocation> locations = Map.of();
        FileLayout layout;
        try {
            locations = locate(file.text());
            layout = JSON.readValue(file.text(), FileLayout.class);
        } catch (JsonProcessingException e) {
            problems.add(problemOf(file, e, locations));
            return new Parsed(DEFAULTS, problems);
        } catch (IOException e) {
            problems.add(new PolicyProblem(file.name(), 1, 1, "the settings cannot be read: " + e.getMessage()));
            return new Parsed(DEFAULTS, problems);
        }
        if (layout == null) {
            problems.add(new PolicyProblem(file.name(), 1, 1, "the settings must be a JSON object, such as {}"));
            return new Parsed(DEFAULTS, problems);
        }
        Checker check = new Checker(file.name(), locations, problems);
        int format = layout.format() == null ? 1 : layout.format();
        if (format != 1) {
            check.problem("format", "format " + format + " is not known: this version of Peerage reads format 1");
        }
        Map<String, ProviderSettings> providers = new LinkedHashMap<>();
        if (layout.providers() != null) {
            layout.providers().forEach((name, provider) -> {
                String key = "providers/" + name;
                if (name.isBlank()) {
                    check.problem(key, "a provider needs a name: contents name their provider, such as \"acme\"");
                }
                providers.put(name, check.provider(key, provider));
            });
        }
        ProviderSettings defaults = layout.providerDefaults() == null
                ? ProviderSettings.NONE
                : check.provider("providerDefaults", layout.providerDefaults());
        CongestionSettings congestion = CongestionSettings.DEFAULTS;
        CongestionLayout given = layout.congestion();
        if (given != null) {
            double ratio =
                    given.spareToDemandRatio() == null ? congestion.spareToDemandRatio() : given.spareToDemandRatio();
            double quality = given.betterParentMinQuality() == null
                    ? congestion.betterParentMinQuality()
                    : given.betterParentMinQuality();
            if (!(ratio > 0 && ratio <= 100)) {
                check.problem(
                        "congestion/spareToDemandRatio",
                        "congestion.spareToDemandRatio is " + ratio + ": it must be above 0 and at most 100, such"
                                + " as 1.5 (congested when spare uplink is below 1.5 times the demand)");
            }
            if (!(quality >= 0 && quality <= 1)) {
                check.problem(
                        "congestion/betterParentMinQuality",
                        "congestion.betterParentMinQuality is " + quality + ": it must be from 0 to 1, such as 0.7");
            }
            congestion = new CongestionSettings(ratio, quality);
        }
        return new Parsed(new PolicySettings(1, providers, defaults, congestion), List.copyOf(problems));
    }

    /** Checks of the values, each problem placed at the key it is about. */
    private record Checker(String file, Map<String, JsonLocation> locations, List<PolicyProblem> problems) {

        ProviderSettings provider(String key, ProviderLayout provider) {
            String where = key.replace('/', '.');
            if (provider == null) {
                problem(key, where + " must be an object, such as {\"blockedCountries\": [\"CN\"]}");
                return ProviderSettings.NONE;
            }
            List<String> countries = new ArrayList<>();
            List<String> given = provider.blockedCountries() == null ? List.of() : provider.blockedCountries();
            for (int i = 0; i < given.size(); i++) {
                String country = given.get(i);
                if (country == null || !COUNTRIES.contains(country)) {
                    problem(
                            key + "/blockedCountries/" + i,
                            where + ".blockedCountries[" + i + "]: "
                                    + (country == null ? "null" : "\"" + country + "\"")
                                    + " is not an ISO 3166-1 alpha-2 country code in upper case, such as DE");
                } else if (countries.contains(country)) {
                    problem(
                            key + "/blockedCountries/" + i,
                            where + ".blockedCountries[" + i + "]: " + country + " is listed twice");
                } else {
                    countries.add(country);
                }
            }
            SourcePreference preference =
                    provider.sourcePreference() == null ? SourcePreference.NONE : provider.sourcePreference();
            return new ProviderSettings(countries, preference);
        }

        void problem(String key, String message) {
            JsonLocation at = locations.get("/" + key);
            problems.add(new PolicyProblem(
                    file, at == null ? 1 : at.getLineNr(), at == null ? 1 : at.getColumnNr(), message));
        }
    }

    /** Where each key and array element starts, by its path such as {@code /providers/acme/blockedCountries/0}. */
    private static Map<String, JsonLocation> locate(String text) throws IOException {
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser parser = JSON.getFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonStreamContext context = parser.getParsingContext();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    context = context.getParent();
                }
                if (context == null || context.inRoot()) {
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    continue;
                }
                locations.putIfAbsent(pathOf(context), parser.currentTokenLocation());
            }
        }
        return locations;
    }

    private static String pathOf(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                parts.add(String.valueOf(Math.max(at.getCurrentIndex(), 0)));
            } else {
                parts.add(at.getCurrentName() == null ? "" : at.getCurrentName());
            }
        }
        Collections.reverse(parts);
        return "/" + String.join("/", parts);
    }

    private static PolicyProblem problemOf(
            PolicyFile file, JsonProcessingException e, Map<String, JsonLocation> locations) {
        JsonLocation at = e.getLocation();
        if (e instanceof JsonMappingException mapping && locations.containsKey(pointerOf(mapping))) {
            // Jackson reports where it noticed, which may be the end of the object; the key itself is clearer.
            at = locations.get(pointerOf(mapping));
        }
        int line = at == null ? 1 : Math.max(at.getLineNr(), 1);
        int column = at == null ? 1 : Math.max(at.getColumnNr(), 1);
        String key = e instanceof JsonMappingException mapping ? keyOf(mapping) : "";
        String where = key.isEmpty() ? "" : key + ": ";
        String message;
        if (e instanceof JsonParseException parse) {
            message = "not well-formed JSON: " + parse.getOriginalMessage();
        } else if (e instanceof UnrecognizedPropertyException unknown) {
            message = where + "'" + unknown.getPropertyName() + "' is not a known key; known keys here are "
                    + unknown.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .sorted()
                            .collect(Collectors.joining(", "));
        } else if (e instanceof InvalidFormatException format
                && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            message = where + "'" + format.getValue() + "' is not one of "
                    + Arrays.toString(format.getTargetType().getEnumConstants());
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = where + "expected " + describe(mismatch.getTargetType());
        } else {
            message = where + e.getOriginalMessage();
        }
        return new PolicyProblem(file.name(), line, column, message);
    }

    private static String pointerOf(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/')
                    .append(
                            reference.getFieldName() != null
                                    ? reference.getFieldName()
                                    : String.valueOf(reference.getIndex()));
        }
        return pointer.toString();
    }

    private static String keyOf(JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                key.append(key.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                key.append('[').append(reference.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list, such as [\"CN\", \"RU\"]";
        }
        if (type == String.class) {
            return "a text in quotes";
        }
        return "an object in braces";
    }
}
