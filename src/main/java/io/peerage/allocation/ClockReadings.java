package io.peerage.allocation;

import io.peerage.policy.PolicySet;
import io.peerage.policy.check.FactRead;
import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ReadsClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What a policy set's clock-reading rules read that depends on the clock, as getter chains (such as
 * {@code Candidate.node.inQuietHours}): the chains of those rules that pass through a getter marked
 * {@link ReadsClock}. For one pair, equal readings at two moments mean equal verdicts of those rules, so a pair whose
 * readings did not change needs no new check; a pair no clock-reading rule reads anything of never changes them.
 */
final class ClockReadings {

    /** One chain: the fact it starts from and its getters. */
    private record Chain(String name, Class<?> fact, List<Method> getters) {}

    static final ClockReadings NONE = new ClockReadings(List.of());

    private final List<Chain> chains;

    private ClockReadings(List<Chain> chains) {
        this.chains = List.copyOf(chains);
    }

    /** The clock-dependent chains of a set's clock-reading rules, by their names in order. */
    static ClockReadings of(PolicySet set) {
        Set<String> seen = new TreeSet<>();
        List<Chain> chains = new ArrayList<>();
        for (String rule : new TreeSet<>(set.clockReadingRules())) {
            for (FactRead read : set.readsOf(rule).orElseThrow().reads()) {
                Class<?> fact = factClass(read.fact());
                if (fact == null || !seen.add(read.toString())) {
                    continue;
                }
                List<Method> getters = getters(fact, read.path());
                if (getters != null
                        && getters.stream().anyMatch(getter -> getter.isAnnotationPresent(ReadsClock.class))) {
                    chains.add(new Chain(read.toString(), fact, getters));
                }
            }
        }
        chains.sort(java.util.Comparator.comparing(Chain::name));
        return chains.isEmpty() ? NONE : new ClockReadings(chains);
    }

    boolean isEmpty() {
        return chains.isEmpty();
    }

    List<String> names() {
        return chains.stream().map(Chain::name).toList();
    }

    /** The values of the chains for one pair; the request is built only when a chain starts from it. */
    List<Object> read(Candidate candidate, Supplier<AllocationRequest> request) {
        List<Object> values = new ArrayList<>(chains.size());
        AllocationRequest built = null;
        for (Chain chain : chains) {
            Object value;
            if (chain.fact() == Candidate.class) {
                value = candidate;
            } else {
                if (built == null) {
                    built = request.get();
                }
                value = built;
            }
            for (Method getter : chain.getters()) {
                if (value == null) {
                    break;
                }
                value = invoke(getter, value);
            }
            values.add(value);
        }
        return values;
    }

    private static Class<?> factClass(String fact) {
        return switch (fact) {
            case "Candidate" -> Candidate.class;
            case "AllocationRequest" -> AllocationRequest.class;
            default -> null;
        };
    }

    /** The getters of a chain such as {@code node.inQuietHours}; null when one of them is not a getter. */
    private static List<Method> getters(Class<?> fact, String path) {
        List<Method> getters = new ArrayList<>();
        Class<?> type = fact;
        for (String property : path.split("\\.")) {
            Method getter = getter(type, property);
            if (getter == null) {
                return null;
            }
            getters.add(getter);
            type = getter.getReturnType();
        }
        return getters;
    }

    private static Method getter(Class<?> type, String property) {
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String name : List.of("get" + suffix, "is" + suffix)) {
            try {
                return type.getMethod(name);
            } catch (NoSuchMethodException e) {
                // try the next form
            }
        }
        return null;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter + " of " + target.getClass(), e);
        }
    }
}
