package io.peerage.policy.check;

/**
 * Something a policy file may not contain: where it is (line and column start at 1), the construct by its name (such
 * as {@code new} or {@code loop}) and a message for the author.
 */
public record Refusal(String file, int line, int column, String construct, String message) {}
