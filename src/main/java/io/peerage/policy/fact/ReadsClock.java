package io.peerage.policy.fact;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a getter whose answer depends on the moment of the request, such as quiet hours: a rule that reads one can
 * change its verdict while nothing but time changes, so whatever re-checks decisions over time looks at those rules.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadsClock {}
