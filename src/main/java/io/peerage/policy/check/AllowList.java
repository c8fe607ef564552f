package io.peerage.policy.check;

import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ClassificationRequest;
import io.peerage.policy.fact.ContentFacts;
import io.peerage.policy.fact.NetworkPath;
import io.peerage.policy.fact.NodeFacts;
import io.peerage.policy.fact.ReadsClock;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a rule may call or read, as (type, member) pairs: the one list the check admits, and the one that
 * {@code rules/README.md} prints. Anything not here is refused, so adding a member is a decision made in this file.
 *
 * <p>The fact model is read by reflection: every public getter of a fact class is a property a rule may read (facts
 * are read-only views built for rules), plus the few questions they answer with an argument.
 */
public final class AllowList {

    /** How a member's result type follows from what it is called on. */
    public enum Result {
        /** The declared type. */
        DECLARED,
        /** The element type of the list it is called on. */
        ELEMENT,
        /** The wider of its number arguments. */
        WIDER_NUMBER
    }

    /** What kind of member: how a rule reaches it. */
    public enum Kind {
        /** A fact's property, read as {@code node.country} or {@code getCountry()}. */
        PROPERTY,
        /** A method called on a value, such as {@code node.servesDevice("TV")} or {@code name.length()}. */
        METHOD,
        /** A method called on a class, such as {@code String.join(", ", list)}. */
        STATIC,
        /** A verdict given through the {@code verdicts} global. */
        ACTION
    }

    /**
     * One member a rule may use.
     *
     * @param owner the simple name of the type it belongs to ({@code verdicts} for the actions)
     * @param parameters the simple names of its parameter types; {@code number} for any number
     * @param returns the declared result type
     * @param readsClock whether its answer depends on the moment of the request
     */
    public record Member(
            Kind kind,
            String owner,
            String name,
            List<String> parameters,
            ValueType returns,
            Result result,
            boolean readsClock) {

        /** How {@code rules/README.md} lists it, such as {@code Candidate.node} or {@code String.substring(int, int)}. */
        public String signature() {
            String prefix = owner + "." + name;
            return kind == Kind.PROPERTY ? prefix : prefix + "(" + String.join(", ", parameters) + ")";
        }
    }

    /** The types whose facts the engine inserts: the only ones a pattern may match. */
    public static final List<Class<?>> PATTERN_TYPES =
            List.of(AllocationRequest.class, Candidate.class, ClassificationRequest.class);

    /** Every class of the fact model a rule may read. */
    public static final List<Class<?>> FACT_TYPES = List.of(
            AllocationRequest.class,
            Candidate.class,
            ClassificationRequest.class,
            NodeFacts.class,
            ContentFacts.class,
            NetworkPath.class);

    /** The package of the fact model: the only one a policy file may import from or name. */
    public static final String FACT_PACKAGE = AllocationRequest.class.getPackageName();

    /** Fact methods that take an argument: questions, not getters. */
    private static final Set<String> FACT_QUESTIONS = Set.of("refusesCategory", "servesDevice", "isBlockedIn");

    /** Methods every object has that a rule never needs and may never call (reflection, locks, identity). */
    public static final Set<String> OBJECT_METHODS =
            Set.of("getClass", "hashCode", "wait", "notify", "notifyAll", "clone", "finalize", "toString");

    private static final List<Member> MEMBERS = build();

    private AllowList() {}

    public static List<Member> members() {
        return MEMBERS;
    }

    /** A property of a fact class by its name, such as {@code country} for {@code getCountry()}. */
    public static Optional<Member> property(Class<?> owner, String property) {
        return MEMBERS.stream()
                .filter(m -> m.kind() == Kind.PROPERTY
                        && m.owner().equals(owner.getSimpleName())
                        && m.name().equals(property))
                .findFirst();
    }

    /** A method called on a value of the given type, with so many arguments. */
    public static Optional<Member> method(ValueType scope, String name, int arity) {
        String owner = scope.isList() ? "List" : scope.raw().getSimpleName();
        return find(Kind.METHOD, owner, name, arity);
    }

    /** A method called on a class by its simple name, such as {@code String.join}. */
    public static Optional<Member> staticMethod(String owner, String name, int arity) {
        return find(Kind.STATIC, owner, name, arity);
    }

    /** A verdict, such as {@code verdicts.reject(candidate, message)}. */
    public static Optional<Member> action(String name, int arity) {
        return find(Kind.ACTION, "verdicts", name, arity);
    }

    /** A fact class by its simple name. */
    public static Optional<Class<?>> factType(String simpleName) {
        return FACT_TYPES.stream()
                .filter(type -> type.getSimpleName().equals(simpleName))
                .findFirst();
    }

    /** The property name of a getter, such as {@code country} for {@code getCountry}; empty for another method. */
    public static Optional<String> propertyOf(String methodName) {
        for (String prefix : List.of("get", "is")) {
            if (methodName.length() > prefix.length()
                    && methodName.startsWith(prefix)
                    && Character.isUpperCase(methodName.charAt(prefix.length()))) {
                String rest = methodName.substring(prefix.length());
                return Optional.of(rest.substring(0, 1).toLowerCase(Locale.ROOT) + rest.substring(1));
            }
        }
        return Optional.empty();
    }

    private static Optional<Member> find(Kind kind, String owner, String name, int arity) {
        return MEMBERS.stream()
                .filter(m -> m.kind() == kind
                        && m.owner().equals(owner)
                        && m.name().equals(name)
                        && m.parameters().size() == arity)
                .findFirst();
    }

    private static List<Member> build() {
        List<Member> members = new ArrayList<>();
        for (Class<?> type : FACT_TYPES) {
            List<Method> methods = new ArrayList<>(Arrays.asList(type.getDeclaredMethods()));
            methods.sort(Comparator.comparing(Method::getName));
            for (Method method : methods) {
                if (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                boolean clock = method.isAnnotationPresent(ReadsClock.class);
                Optional<String> property = propertyOf(method.getName());
                if (FACT_QUESTIONS.contains(method.getName())) {
                    List<String> parameters = Arrays.stream(method.getParameterTypes())
                            .map(Class::getSimpleName)
                            .toList();
                    members.add(new Member(
                            Kind.METHOD,
                            type.getSimpleName(),
                            method.getName(),
                            parameters,
                            typeOf(method),
                            Result.DECLARED,
                            clock));
                } else if (method.getParameterCount() == 0 && property.isPresent()) {
                    members.add(new Member(
                            Kind.PROPERTY,
                            type.getSimpleName(),
                            property.get(),
                            List.of(),
                            typeOf(method),
                            Result.DECLARED,
                            clock));
                }
            }
        }
        members.add(action("reject", "Candidate", "String"));
        members.add(action("prefer", "Candidate", "int", "String"));
        members.add(action("deny", "String"));
        members.add(action("lightweight", "ClassificationRequest", "String"));

        members.add(method("String", "length", ValueType.INT));
        members.add(method("String", "isEmpty", ValueType.BOOLEAN));
        members.add(method("String", "isBlank", ValueType.BOOLEAN));
        members.add(method("String", "contains", ValueType.BOOLEAN, "String"));
        members.add(method("String", "startsWith", ValueType.BOOLEAN, "String"));
        members.add(method("String", "endsWith", ValueType.BOOLEAN, "String"));
        members.add(method("String", "equals", ValueType.BOOLEAN, "String"));
        members.add(method("String", "equalsIgnoreCase", ValueType.BOOLEAN, "String"));
        members.add(method("String", "compareTo", ValueType.INT, "String"));
        members.add(method("String", "indexOf", ValueType.INT, "String"));
        members.add(method("String", "toUpperCase", ValueType.STRING));
        members.add(method("String", "toLowerCase", ValueType.STRING));
        members.add(method("String", "trim", ValueType.STRING));
        members.add(method("String", "strip", ValueType.STRING));
        members.add(method("String", "substring", ValueType.STRING, "int"));
        members.add(method("String", "substring", ValueType.STRING, "int", "int"));
        members.add(method("List", "size", ValueType.INT));
        members.add(method("List", "isEmpty", ValueType.BOOLEAN));
        members.add(method("List", "contains", ValueType.BOOLEAN, "element"));
        members.add(method("List", "indexOf", ValueType.INT, "element"));
        members.add(new Member(Kind.METHOD, "List", "get", List.of("int"), ValueType.NULL, Result.ELEMENT, false));
        members.add(new Member(
                Kind.STATIC, "String", "join", List.of("String", "List"), ValueType.STRING, Result.DECLARED, false));
        members.add(new Member(
                Kind.STATIC, "String", "valueOf", List.of("value"), ValueType.STRING, Result.DECLARED, false));
        for (String name : List.of("min", "max")) {
            members.add(new Member(
                    Kind.STATIC,
                    "Math",
                    name,
                    List.of("number", "number"),
                    ValueType.DOUBLE,
                    Result.WIDER_NUMBER,
                    false));
        }
        members.add(new Member(
                Kind.STATIC, "Math", "abs", List.of("number"), ValueType.DOUBLE, Result.WIDER_NUMBER, false));
        // A distance or a ratio shown in a message as a whole number.
        members.add(
                new Member(Kind.STATIC, "Math", "round", List.of("number"), ValueType.LONG, Result.DECLARED, false));
        return List.copyOf(members);
    }

    private static Member action(String name, String... parameters) {
        return new Member(
                Kind.ACTION, "verdicts", name, List.of(parameters), ValueType.of(void.class), Result.DECLARED, false);
    }

    private static Member method(String owner, String name, ValueType returns, String... parameters) {
        return new Member(Kind.METHOD, owner, name, List.of(parameters), returns, Result.DECLARED, false);
    }

    private static ValueType typeOf(Method method) {
        Class<?> raw = method.getReturnType();
        Type generic = method.getGenericReturnType();
        if (generic instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments().length == 1
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return new ValueType(raw, element);
        }
        return ValueType.of(raw);
    }
}
