package io.peerage.content;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A piece of content that nodes can hold and send. The id comes from the path, so it is not part of the body.
 *
 * @param ageRating the minimum viewer age, 0 when anyone may watch
 */
public record Content(
        String id,
        @NotNull ContentKind kind,
        @NotNull Media media,
        @NotNull @Positive @Max(1_000_000) Integer bitrateKbps,
        Monetization monetization,
        @Size(max = 100) String provider,
        Category category,
        @Size(max = 300) String title,
        @Min(0) @Max(21) Integer ageRating) {

    /** The content with its id set and optional parts filled in. */
    public Content withDefaults(String assignedId) {
        return new Content(
                assignedId,
                kind,
                media,
                bitrateKbps,
                monetization == null ? Monetization.FREE : monetization,
                provider == null ? "" : provider,
                category == null ? Category.OTHER : category,
                title == null ? "" : title,
                ageRating == null ? 0 : ageRating);
    }
}
