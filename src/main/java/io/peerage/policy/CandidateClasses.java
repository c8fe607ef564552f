package io.peerage.policy;

import io.peerage.policy.check.AllowList;
import io.peerage.policy.check.FactRead;
import io.peerage.policy.check.RuleReads;
import io.peerage.policy.fact.Candidate;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a policy set's candidates fall into classes: candidates equal on every getter chain that can change a verdict
 * of the set's rules (the {@link RuleReads#decides()} of every rule, never a list kept by hand) get the same verdicts,
 * so the rules run once per class. Their messages are equal too once the chains the verdict's rule writes into them
 * are equal; the candidate's id, when every rule only concatenates it into text, is written by a placeholder and put
 * back for each candidate.
 *
 * <p>A set whose reads the analysis cannot follow is not classed at all ({@link #uncachedBecause()}): a rule whose
 * reads are unknown, a rule that matches a candidate and denies the whole request (which candidate it names depends
 * on the others), a candidate used as a whole, or a chain that is not a plain getter.
 */
public final class CandidateClasses {

    private static final String CANDIDATE = "Candidate";
    private static final String ID = "id";
    /** Private-use characters around a placeholder id: no message of a rule contains them by chance. */
    private static final char OPEN = '\uE000';

    private static final char CLOSE = '\uE001';

    private final String uncachedBecause;
    private final List<Chain> decides;
    /** The deciding chains that end in a yes-or-no getter, at most 32 (two bits each in the key). */
    private final Flag[] flags;
    /** The other deciding chains. */
    private final Chain[] others;
    /** The deciding chains, by identity: a chain read by several rules is one instance. */
    private final Set<Chain> deciding;

    private final Map<String, List<Chain>> writes;
    private final boolean standIns;
    /** Unguessable, so that a value a node declares cannot pass for a placeholder. */
    private final String nonce;

    private CandidateClasses(
            String uncachedBecause, List<Chain> decides, Map<String, List<Chain>> writes, boolean standIns) {
        this.uncachedBecause = uncachedBecause;
        this.decides = decides;
        List<Flag> flagged = new ArrayList<>();
        List<Chain> rest = new ArrayList<>();
        for (Chain chain : decides) {
            Optional<Flag> flag = flagged.size() < Long.SIZE / 2 ? chain.flag() : Optional.empty();
            flag.ifPresentOrElse(flagged::add, () -> rest.add(chain));
        }
        this.flags = flagged.toArray(Flag[]::new);
        this.deciding = Collections.newSetFromMap(new IdentityHashMap<>());
        this.deciding.addAll(decides);
        this.others = rest.toArray(Chain[]::new);
        this.writes = writes;
        this.standIns = standIns;
        this.nonce = Long.toHexString(new SecureRandom().nextLong());
    }

    /** The classes of a set with these rules and reads. */
    static CandidateClasses of(Map<String, RuleMetadata> rules, Map<String, RuleReads> reads) {
        try {
            return plan(rules, reads);
        } catch (Unclassable e) {
            return new CandidateClasses(e.getMessage(), List.of(), Map.of(), false);
        }
    }

    /** Why the set is evaluated candidate by candidate; empty when it is evaluated once per class. */
    public Optional<String> uncachedBecause() {
        return Optional.ofNullable(uncachedBecause);
    }

    /** Whether each class's stand-in goes by a placeholder id. */
    boolean standIns() {
        return standIns;
    }

    /** The chains that decide, such as {@code node.lightweight}, in the order of the key. */
    public List<String> deciding() {
        return decides.stream().map(Chain::path).toList();
    }

    /**
     * The class of a candidate: its values of the deciding chains. Most are yes-or-no, and go as two bits each (known,
     * true) into one number, so that the key is hashed and compared without a call per value.
     */
    Key key(Candidate candidate) {
        long bits = 0;
        for (int i = 0; i < flags.length; i++) {
            Object owner = flags[i].owner(candidate);
            if (owner != null) {
                bits |= (flags[i].test().test(owner) ? 3L : 1L) << (2 * i);
            }
        }
        Object[] values = new Object[others.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = others[i].valueOf(candidate);
        }
        return new Key(bits, values);
    }

    /** What the given rules write into their messages about a candidate (its id aside when it has a placeholder). */
    Key written(Set<String> firedRules, Candidate candidate) {
        List<Object> values = new ArrayList<>();
        for (String rule : firedRules) {
            for (Chain chain : writes.getOrDefault(rule, List.of())) {
                values.add(chain.valueOf(candidate));
            }
        }
        return new Key(0, values.toArray());
    }

    /**
     * Whether the given rules write the same into their messages about all these candidates of one class. A chain that
     * also decides is equal within a class and not read again.
     */
    boolean writeAlike(Set<String> firedRules, List<Candidate> members) {
        if (members.size() < 2) {
            return true;
        }
        Candidate first = members.get(0);
        for (String rule : firedRules) {
            for (Chain chain : writes.getOrDefault(rule, List.of())) {
                if (deciding.contains(chain)) {
                    continue;
                }
                Object value = chain.valueOf(first);
                for (int i = 1; i < members.size(); i++) {
                    if (!Objects.equals(value, chain.valueOf(members.get(i)))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The placeholder id of the n-th stand-in of one evaluation. */
    String placeholder(int n) {
        return OPEN + nonce + ":" + n + CLOSE;
    }

    /** The values of a candidate's chains, compared by value (and facts by identity): yes-or-no ones as bits. */
    record Key(long bits, Object[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && bits == key.bits && Arrays.equals(values, key.values);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(bits) + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Long.toBinaryString(bits) + Arrays.toString(values);
        }
    }

    private static CandidateClasses plan(Map<String, RuleMetadata> rules, Map<String, RuleReads> reads) {
        boolean standIns = true;
        Set<String> deciding = new LinkedHashSet<>();
        for (String rule : rules.keySet()) {
            RuleReads read = reads.get(rule);
            if (read == null) {
                throw new Unclassable("what rule \"" + rule + "\" reads is not known");
            }
            if (read.matchesCandidate() && read.verdicts().contains("deny")) {
                throw new Unclassable("rule \"" + rule + "\" matches a candidate and denies the whole request");
            }
            for (FactRead decides : candidateChains(rule, read.decides())) {
                deciding.add(decides.path());
                standIns &= !decides.path().equals(ID);
            }
            candidateChains(rule, read.writes());
            standIns &= candidateChains(rule, read.rewritten()).stream()
                    .noneMatch(rewritten -> rewritten.path().equals(ID));
        }
        Map<String, Chain> chains = new HashMap<>();
        List<Chain> decides = new ArrayList<>();
        for (String path : deciding) {
            decides.add(chains.computeIfAbsent(path, CandidateClasses::chain));
        }
        Map<String, List<Chain>> writes = new LinkedHashMap<>();
        for (String rule : rules.keySet()) {
            List<Chain> written = new ArrayList<>();
            for (FactRead read : candidateChains(rule, reads.get(rule).writes())) {
                if (!(standIns && read.path().equals(ID))) {
                    written.add(chains.computeIfAbsent(read.path(), CandidateClasses::chain));
                }
            }
            if (!written.isEmpty()) {
                writes.put(rule, List.copyOf(written));
            }
        }
        return new CandidateClasses(null, List.copyOf(decides), Map.copyOf(writes), standIns);
    }

    private static List<FactRead> candidateChains(String rule, List<FactRead> reads) {
        List<FactRead> chains = new ArrayList<>();
        for (FactRead read : reads) {
            if (!read.fact().equals(CANDIDATE)) {
                // The request's facts are the same for every candidate of an evaluation.
                continue;
            }
            if (read.path().isEmpty()) {
                throw new Unclassable("rule \"" + rule + "\" uses a candidate as a whole");
            }
            chains.add(read);
        }
        return chains;
    }

    /**
     * A getter chain, such as {@code node.country}, as direct calls; {@code test} is its last getter as a predicate when
     * that getter answers yes or no.
     */
    record Chain(String path, List<Function<Object, Object>> getters, Predicate<Object> test) {
        Object valueOf(Candidate candidate) {
            Object value = candidate;
            for (Function<Object, Object> getter : getters) {
                if (value == null) {
                    return null;
                }
                value = getter.apply(value);
            }
            return value;
        }

        /** The chain as a yes-or-no question, when it ends in one. */
        Optional<Flag> flag() {
            if (test == null) {
                return Optional.empty();
            }
            return Optional.of(new Flag(getters.subList(0, getters.size() - 1).toArray(Function[]::new), test));
        }
    }

    /** A chain that ends in a yes-or-no getter: the getters up to its owner, then the question. */
    record Flag(Function<Object, Object>[] toOwner, Predicate<Object> test) {
        /** What the last getter is asked of; null when the chain breaks off before it. */
        Object owner(Candidate candidate) {
            Object value = candidate;
            for (Function<Object, Object> getter : toOwner) {
                value = getter.apply(value);
                if (value == null) {
                    return null;
                }
            }
            return value;
        }
    }

    private static Chain chain(String path) {
        List<Function<Object, Object>> getters = new ArrayList<>();
        Class<?> type = Candidate.class;
        Method last = null;
        for (String property : path.split("\\.")) {
            Method getter = getter(type, property)
                    .orElseThrow(() -> new Unclassable("the chain Candidate." + path + " is not made of getters"));
            getters.add(function(getter));
            type = getter.getReturnType();
            last = getter;
        }
        Predicate<Object> test = last != null && last.getReturnType() == boolean.class ? predicate(last) : null;
        return new Chain(path, List.copyOf(getters), test);
    }

    private static Optional<Method> getter(Class<?> type, String property) {
        if (AllowList.factType(type.getSimpleName())
                .filter(fact -> fact == type)
                .isEmpty()) {
            return Optional.empty();
        }
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String name : List.of("get" + suffix, "is" + suffix)) {
            try {
                Method method = type.getMethod(name);
                if (!Modifier.isStatic(method.getModifiers())) {
                    return Optional.of(method);
                }
            } catch (NoSuchMethodException e) {
                // the other prefix, or not a getter
            }
        }
        return Optional.empty();
    }

    /** A getter as a function, as fast as a direct call: the key is read for every candidate of every request. */
    @SuppressWarnings("unchecked")
    private static Function<Object, Object> function(Method getter) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle handle = lookup.unreflect(getter);
            CallSite site = LambdaMetafactory.metafactory(
                    lookup,
                    "apply",
                    MethodType.methodType(Function.class),
                    MethodType.methodType(Object.class, Object.class),
                    handle,
                    MethodType.methodType(
                            getter.getReturnType().isPrimitive()
                                    ? MethodType.methodType(getter.getReturnType())
                                            .wrap()
                                            .returnType()
                                    : getter.getReturnType(),
                            getter.getDeclaringClass()));
            return (Function<Object, Object>) site.getTarget().invokeExact();
        } catch (Throwable e) {
            throw new Unclassable("the getter " + getter + " cannot be called: " + e.getMessage());
        }
    }

    /** A yes-or-no getter as a predicate, without boxing its answer. */
    @SuppressWarnings("unchecked")
    private static Predicate<Object> predicate(Method getter) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle handle = lookup.unreflect(getter);
            CallSite site = LambdaMetafactory.metafactory(
                    lookup,
                    "test",
                    MethodType.methodType(Predicate.class),
                    MethodType.methodType(boolean.class, Object.class),
                    handle,
                    MethodType.methodType(boolean.class, getter.getDeclaringClass()));
            return (Predicate<Object>) site.getTarget().invokeExact();
        } catch (Throwable e) {
            throw new Unclassable("the getter " + getter + " cannot be called: " + e.getMessage());
        }
    }

    /** A set the analysis cannot class, and why. */
    private static final class Unclassable extends RuntimeException {
        Unclassable(String message) {
            super(message, null, false, false);
        }
    }
}
