package io.peerage.policy;

/**
 * What a rule declares about itself, read from its {@code @kind}, {@code @strictness}, {@code @rank}, {@code @code},
 * {@code @label} and {@code @description} attributes.
 *
 * @param rank relaxation order: among SOFT rules the highest rank number is lifted first
 * @param label the short text that counts this rule's rejections in a summary line
 */
public record RuleMetadata(
        String name,
        String file,
        String code,
        String label,
        PolicyKind kind,
        Strictness strictness,
        int rank,
        String description) {}
