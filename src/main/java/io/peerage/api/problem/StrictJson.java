package io.peerage.api.problem;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON is read as the API documents it, with Jackson's own features rather than checks of our own: a key given twice,
 * a value of the wrong JSON type ({@code "kind": 1}, {@code "acceptsIncoming": -7}, {@code "id": true}, {@code
 * "uplinkKbps": "5"}, {@code 1.5} for a whole number), a null for a primitive, an empty string for an object or an
 * enum, or anything after the body's one value is an error that names the field (400), never a guess.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    @SuppressWarnings("deprecation") // MapperFeature on a built mapper: Quarkus hands us the mapper, not its builder.
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.enable(
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setAcceptBlankAsEmpty(false);
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float);
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.Boolean);
        // Strings stay strings: an empty one is a value a validator can name, not a missing object.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.TryConvert);
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
