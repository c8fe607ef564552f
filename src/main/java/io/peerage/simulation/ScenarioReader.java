package io.peerage.simulation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a scenario from a JSON or YAML file (by its extension) or text. A field it does not know is an error. */
public final class ScenarioReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ScenarioReader() {}

    public static Scenario read(Path file) {
        try {
            String text = Files.readString(file);
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".yaml") || name.endsWith(".yml") ? fromYaml(text) : fromJson(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scenario " + file + ": " + e.getMessage(), e);
        }
    }

    public static Scenario fromJson(String text) throws IOException {
        return JSON.readValue(text, Scenario.class);
    }

    public static Scenario fromYaml(String text) throws IOException {
        return YAML.readValue(text, Scenario.class);
    }

    /** The mapper the command prints reports with. */
    static ObjectMapper json() {
        return JSON;
    }
}
