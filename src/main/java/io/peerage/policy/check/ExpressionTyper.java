package io.peerage.policy.check;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import io.peerage.policy.check.AllowList.Member;
import io.peerage.policy.check.PolicyCheck.Position;
import io.peerage.policy.check.PolicyCheck.Reads;
import io.peerage.policy.check.PolicyCheck.Typed;
import io.peerage.policy.check.PolicyCheck.Use;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Types one expression of a rule, a condition's side or a statement's, against the {@link AllowList}: every name, every
 * property and every call must resolve to an allowed member; anything else is refused where it is. Property reads of
 * facts are recorded as getter chains.
 */
final class ExpressionTyper {

    /** Calls that change the engine's facts or reach its internals, named as authors write them. */
    static final Set<String> ENGINE_CALLS = Set.of(
            "insert",
            "insertLogical",
            "modify",
            "update",
            "delete",
            "retract",
            "halt",
            "setFocus",
            "drools",
            "kcontext");

    private final PolicyCheck check;
    private final Typed self;
    private final Map<String, Typed> names;
    private final Reads reads;
    /** How what is typed now is used; see {@link Use}. */
    private Use use = Use.DECIDES;
    /** The message argument being typed, when {@link #use} is {@link Use#WRITES}. */
    private Expression message;
    /** The uses inside a binding, held until the binding turns out to be a plain chain or a computed value. */
    private final Map<FactRead, Integer> bindingUses = new HashMap<>();

    /**
     * @param self the fact a condition's bare names are read from, or null in a consequence
     * @param names the bindings, the {@code verdicts} global and local variables visible here
     */
    ExpressionTyper(PolicyCheck check, Typed self, Map<String, Typed> names, Reads reads) {
        this.check = check;
        this.self = self;
        this.names = names;
        this.reads = reads;
    }

    /**
     * Types a binding standing alone in a condition ({@code $isp : node.isp}). A plain chain tests nothing: the uses of
     * the name count. A computed value ({@code $n : node.isp.length()}) counts as deciding, since its uses are not
     * followed back to the chain.
     */
    Typed binding(Supplier<Typed> typing) {
        Use before = use;
        use = Use.BINDS;
        bindingUses.clear();
        Typed typed;
        try {
            typed = typing.get();
        } finally {
            use = before;
        }
        if (typed == null || typed.fact() == null) {
            bindingUses.forEach((read, count) -> reads.use(Use.DECIDES, read, count));
        }
        bindingUses.clear();
        return typed;
    }

    static JavaParser parser() {
        return new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                .setPreprocessUnicodeEscapes(false)
                .setAttributeComments(false));
    }

    /** Whether a metadata value is a plain string, a whole number or a single word, which nothing evaluates. */
    static boolean isPlainValue(String text) {
        ParseResult<Expression> parsed = parser().parseExpression(text);
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            return false;
        }
        Expression expression = parsed.getResult().get();
        return expression instanceof StringLiteralExpr
                || expression instanceof IntegerLiteralExpr
                || (expression instanceof UnaryExpr unary
                        && unary.getOperator() == UnaryExpr.Operator.MINUS
                        && unary.getExpression() instanceof IntegerLiteralExpr)
                || isWord(expression);
    }

    /** A word, or words joined by '-' such as {@code same-isp}, which Drools keeps as text. */
    private static boolean isWord(Expression expression) {
        if (expression instanceof NameExpr) {
            return true;
        }
        return expression instanceof BinaryExpr binary
                && binary.getOperator() == BinaryExpr.Operator.MINUS
                && isWord(binary.getLeft())
                && (binary.getRight() instanceof NameExpr || binary.getRight() instanceof IntegerLiteralExpr);
    }

    /** Parses and types a condition's expression text starting at {@code at}; null when refused. */
    Typed type(String text, Position at, String where) {
        ParseResult<Expression> parsed = parser().parseExpression(text);
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            check.refuse(
                    at,
                    "expression",
                    where + ": '" + text.trim() + "' is not an expression of the policy"
                            + " language. Maybe a quote or a bracket is missing? Texts are written in double quotes");
            return null;
        }
        return type(parsed.getResult().get(), at, where);
    }

    /**
     * Types an expression parsed from a text that starts at {@code base}; null when refused (the refusal is recorded).
     */
    Typed type(Expression expression, Position base, String where) {
        if (expression instanceof StringLiteralExpr) {
            return value(ValueType.STRING);
        }
        if (expression instanceof IntegerLiteralExpr) {
            return value(ValueType.INT);
        }
        if (expression instanceof LongLiteralExpr) {
            return value(ValueType.LONG);
        }
        if (expression instanceof DoubleLiteralExpr) {
            return value(ValueType.DOUBLE);
        }
        if (expression instanceof BooleanLiteralExpr) {
            return value(ValueType.BOOLEAN);
        }
        if (expression instanceof NullLiteralExpr) {
            return value(ValueType.NULL);
        }
        if (expression instanceof EnclosedExpr enclosed) {
            return type(enclosed.getInner(), base, where);
        }
        if (expression instanceof NameExpr name) {
            return name(name, base, where);
        }
        if (expression instanceof FieldAccessExpr access) {
            return fieldAccess(access, base, where);
        }
        if (expression instanceof MethodCallExpr call) {
            return call(call, base, where);
        }
        if (expression instanceof BinaryExpr binary) {
            return binary(binary, base, where);
        }
        if (expression instanceof UnaryExpr unary) {
            return unary(unary, base, where);
        }
        if (expression instanceof ConditionalExpr conditional) {
            Typed condition = type(conditional.getCondition(), base, where);
            Typed then = type(conditional.getThenExpr(), base, where);
            Typed otherwise = type(conditional.getElseExpr(), base, where);
            return condition == null || then == null || otherwise == null ? null : value(then.type());
        }
        if (expression instanceof CastExpr cast) {
            Typed inner = type(cast.getExpression(), base, where);
            if (inner == null) {
                return null;
            }
            Optional<ValueType> target = primitive(cast.getType().asString());
            if (target.isEmpty() || !inner.type().isNumber()) {
                return refuse(
                        expression, base, "cast", where + ": only numbers may be cast, to int, long or" + " double");
            }
            return value(target.get());
        }
        if (expression instanceof AssignExpr assign) {
            return assign(assign, base, where);
        }
        return refuse(
                expression,
                base,
                construct(expression),
                where + ": " + construct(expression) + " is not allowed in a rule" + advice(expression));
    }

    private Typed name(NameExpr name, Position base, String where) {
        String identifier = name.getNameAsString();
        Typed bound = names.get(identifier);
        if (bound != null) {
            if (bound.fact() == null) {
                return bound;
            }
            Typed referenced = bound.countedUse();
            count(referenced, 1, name);
            return referenced;
        }
        if (identifier.equals("drools") || identifier.equals("kcontext")) {
            return refuse(
                    name,
                    base,
                    identifier,
                    where + ": '" + identifier + "' is not allowed: a rule reaches"
                            + " the engine only through verdicts");
        }
        if (self != null) {
            Optional<Member> property = AllowList.property(self.type().raw(), identifier);
            if (property.isPresent()) {
                return read(self, property.get(), name);
            }
        }
        return refuse(
                name,
                base,
                "unknown name",
                where + ": '" + identifier + "' is neither a binding nor a"
                        + (self == null
                                ? " local variable"
                                : " property of " + self.type().describe())
                        + ". Maybe a '$' is missing, or the property is spelled differently?");
    }

    private Typed fieldAccess(FieldAccessExpr access, Position base, String where) {
        if (isQualifiedName(access)) {
            return refuse(
                    access,
                    base,
                    "fully qualified name",
                    where + ": '" + access + "' names code outside the" + " fact model, which a rule may not use");
        }
        Typed scope = type(access.getScope(), base, where);
        if (scope == null) {
            return null;
        }
        String property = access.getNameAsString();
        Optional<Member> member = AllowList.factType(scope.type().raw().getSimpleName())
                .filter(type -> type == scope.type().raw())
                .flatMap(type -> AllowList.property(type, property));
        if (member.isEmpty()) {
            return refuse(
                    access,
                    base,
                    "unknown member",
                    where + ": " + scope.type().describe() + " has no" + " property '" + property
                            + "' a rule may read");
        }
        return read(scope, member.get(), access);
    }

    private Typed call(MethodCallExpr call, Position base, String where) {
        String name = call.getNameAsString();
        List<Typed> arguments = new ArrayList<>();
        Optional<Member> verdict =
                isVerdict(call) ? AllowList.action(name, call.getArguments().size()) : Optional.empty();
        for (int i = 0; i < call.getArguments().size(); i++) {
            Expression argument = call.getArguments().get(i);
            Typed typed = verdict.isPresent()
                    ? verdictArgument(verdict.get(), i, argument, base, where)
                    : type(argument, base, where);
            if (typed == null) {
                return null;
            }
            arguments.add(typed);
        }
        if (call.getScope().isEmpty()) {
            if (ENGINE_CALLS.contains(name)) {
                return refuse(
                        call,
                        base,
                        name,
                        where + ": '" + name + "' is not allowed: a rule changes no fact;" + " it gives verdicts");
            }
            return refuse(
                    call,
                    base,
                    "function call",
                    where + ": '" + name + "(...)' is not a function a rule" + " may call");
        }
        Expression scopeExpression = call.getScope().get();
        if (AllowList.OBJECT_METHODS.contains(name)) {
            return refuse(
                    call,
                    base,
                    "Object method " + name,
                    where + ": '" + name + "()' is not allowed: a rule"
                            + " reads properties of facts, not the objects behind them");
        }
        if (isVerdict(call)) {
            reads.verdicts.add(name);
            return action(call, arguments, base, where);
        }
        if (scopeExpression instanceof NameExpr className
                && !names.containsKey(className.getNameAsString())
                && !isProperty(className.getNameAsString())) {
            String owner = className.getNameAsString();
            Optional<Member> member = AllowList.staticMethod(owner, name, arguments.size());
            if (member.isEmpty()) {
                return refuse(
                        call,
                        base,
                        "unknown member",
                        where + ": '" + owner + "." + name + "' with " + arguments.size()
                                + " argument(s) is not something a rule may call");
            }
            return value(resultOf(member.get(), null, arguments));
        }
        if (isQualifiedName(scopeExpression)) {
            return refuse(
                    call,
                    base,
                    "fully qualified name",
                    where + ": '" + scopeExpression + "' names code"
                            + " outside the fact model, which a rule may not use");
        }
        Typed scope = type(scopeExpression, base, where);
        if (scope == null) {
            return null;
        }
        Optional<Class<?>> fact = AllowList.factType(scope.type().raw().getSimpleName())
                .filter(type -> type == scope.type().raw());
        if (fact.isPresent() && arguments.isEmpty()) {
            Optional<Member> getter =
                    AllowList.propertyOf(name).flatMap(property -> AllowList.property(fact.get(), property));
            if (getter.isPresent()) {
                return read(scope, getter.get(), call);
            }
        }
        Optional<Member> member = AllowList.method(scope.type(), name, arguments.size());
        if (member.isEmpty()) {
            return refuse(
                    call,
                    base,
                    "unknown member",
                    where + ": '" + name + "' with " + arguments.size()
                            + " argument(s) is not something a rule may call on "
                            + scope.type().describe());
        }
        if (fact.isPresent()) {
            read(scope, member.get(), call);
        }
        return value(resultOf(member.get(), scope.type(), arguments));
    }

    private boolean isVerdict(MethodCallExpr call) {
        return call.getScope().orElse(null) instanceof NameExpr scopeName
                && scopeName.getNameAsString().equals(PolicyCheck.VERDICTS)
                && !names.containsKey(PolicyCheck.VERDICTS);
    }

    /** A verdict's argument: the fact it is about, a weight (which decides) or the message (which is only text). */
    private Typed verdictArgument(Member verdict, int index, Expression argument, Position base, String where) {
        boolean fact = index < verdict.parameters().size()
                && AllowList.factType(verdict.parameters().get(index)).isPresent();
        boolean text = index == verdict.parameters().size() - 1 && !fact;
        Use before = use;
        Expression messageBefore = message;
        use = fact ? Use.NAMES_THE_FACT : text ? Use.WRITES : Use.DECIDES;
        message = text ? argument : null;
        try {
            return type(argument, base, where);
        } finally {
            use = before;
            message = messageBefore;
        }
    }

    /**
     * Counts one use of a chain as it is used here; extending a chain counts its shorter part off again, so that only
     * the longest chain of an expression stays.
     */
    private void count(Typed typed, int times, Node at) {
        if (typed.fact() == null) {
            return;
        }
        FactRead read = typed.asRead();
        if (use == Use.BINDS) {
            bindingUses.merge(read, times, Integer::sum);
            return;
        }
        reads.use(use, read, times);
        if (use == Use.WRITES && (times < 0 || !writtenAsItself(at))) {
            reads.rewrite(read, times < 0 ? -1 : 1);
        }
    }

    /** Whether a value reaches the message as itself: only concatenated (and bracketed) on the way. */
    private boolean writtenAsItself(Node at) {
        Node node = at;
        while (node != message) {
            Node parent = node.getParentNode().orElse(null);
            boolean concatenated =
                    parent instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.PLUS;
            if (!(parent instanceof EnclosedExpr) && !concatenated) {
                return false;
            }
            node = parent;
        }
        return true;
    }

    private Typed action(MethodCallExpr call, List<Typed> arguments, Position base, String where) {
        String name = call.getNameAsString();
        Optional<Member> action = AllowList.action(name, arguments.size());
        if (action.isEmpty()) {
            return refuse(
                    call,
                    base,
                    "unknown member",
                    where + ": verdicts." + name + " with " + arguments.size()
                            + " argument(s) is not a verdict; use reject(candidate, message), prefer(candidate, weight,"
                            + " message), deny(message) or lightweight(request, message)");
        }
        List<String> parameters = action.get().parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Optional<Class<?>> fact = AllowList.factType(parameters.get(i));
            if (fact.isPresent() && arguments.get(i).type().raw() != fact.get()) {
                return refuse(
                        call,
                        base,
                        "argument",
                        where + ": verdicts." + name + " takes a " + parameters.get(i) + " as argument " + (i + 1)
                                + ", not " + arguments.get(i).type().describe());
            }
        }
        return value(ValueType.of(void.class));
    }

    private Typed binary(BinaryExpr binary, Position base, String where) {
        Typed left = type(binary.getLeft(), base, where);
        Typed right = type(binary.getRight(), base, where);
        if (left == null || right == null) {
            return null;
        }
        return switch (binary.getOperator()) {
            case PLUS ->
                left.type().isString() || right.type().isString()
                        ? value(ValueType.STRING)
                        : numbers(binary, left, right, base, where);
            case MINUS, MULTIPLY, DIVIDE, REMAINDER -> numbers(binary, left, right, base, where);
            case EQUALS, NOT_EQUALS, LESS, GREATER, LESS_EQUALS, GREATER_EQUALS, AND, OR -> value(ValueType.BOOLEAN);
            default ->
                refuse(
                        binary,
                        base,
                        "operator " + binary.getOperator().asString(),
                        where + ": the operator '" + binary.getOperator().asString() + "' is not allowed");
        };
    }

    private Typed numbers(BinaryExpr binary, Typed left, Typed right, Position base, String where) {
        if (!left.type().isNumber() || !right.type().isNumber()) {
            return refuse(
                    binary,
                    base,
                    "operator " + binary.getOperator().asString(),
                    where + ": '"
                            + binary.getOperator().asString() + "' needs numbers, not "
                            + left.type().describe() + " and "
                            + right.type().describe());
        }
        return value(ValueType.wider(left.type(), right.type()));
    }

    private Typed unary(UnaryExpr unary, Position base, String where) {
        Typed operand = type(unary.getExpression(), base, where);
        if (operand == null) {
            return null;
        }
        return switch (unary.getOperator()) {
            case LOGICAL_COMPLEMENT -> value(ValueType.BOOLEAN);
            case MINUS, PLUS -> value(operand.type());
            default ->
                refuse(
                        unary,
                        base,
                        "operator " + unary.getOperator().asString(),
                        where + ": '" + unary.getOperator().asString()
                                + "' is not allowed: a rule changes no value in place");
        };
    }

    private Typed assign(AssignExpr assign, Position base, String where) {
        if (!(assign.getTarget() instanceof NameExpr target) || !isLocal(target.getNameAsString())) {
            return refuse(
                    assign,
                    base,
                    "assignment",
                    where + ": only a local variable of the consequence may be" + " assigned");
        }
        Typed value = type(assign.getValue(), base, where);
        return value == null ? null : value(names.get(target.getNameAsString()).type());
    }

    /** Local variables are recorded without a fact; bindings and globals are not assignable. */
    private boolean isLocal(String name) {
        Typed typed = names.get(name);
        return typed != null
                && !name.startsWith("$")
                && !name.equals(PolicyCheck.VERDICTS)
                && typed.fact() == null
                && self == null;
    }

    private boolean isProperty(String name) {
        return self != null && AllowList.property(self.type().raw(), name).isPresent();
    }

    private Typed read(Typed scope, Member member, Node at) {
        Typed result = new Typed(member.returns(), scope.fact(), scope.path());
        if (scope.fact() == null) {
            return new Typed(member.returns(), null, null);
        }
        Typed read = result.read(member.name()).countedUse();
        reads.add(read.fact(), read.path(), member.readsClock());
        if (scope.counted()) {
            count(scope, -1, at);
        }
        count(read, 1, at);
        // A fact value carries its chain on; a plain value read from a fact is just a value.
        return read;
    }

    private static ValueType resultOf(Member member, ValueType scope, List<Typed> arguments) {
        return switch (member.result()) {
            case DECLARED -> member.returns();
            case ELEMENT -> scope != null && scope.element() != null ? ValueType.of(scope.element()) : ValueType.NULL;
            case WIDER_NUMBER -> arguments.stream().map(Typed::type).reduce(ValueType.INT, ValueType::wider);
        };
    }

    private static Optional<ValueType> primitive(String name) {
        return switch (name) {
            case "int" -> Optional.of(ValueType.INT);
            case "long" -> Optional.of(ValueType.LONG);
            case "double" -> Optional.of(ValueType.DOUBLE);
            default -> Optional.empty();
        };
    }

    private static Typed value(ValueType type) {
        return new Typed(type, null, null);
    }

    /** A dotted name that starts with a lower-case word nobody bound, such as {@code java.lang.System}. */
    private boolean isQualifiedName(Expression expression) {
        Expression leftmost = expression;
        int dots = 0;
        while (leftmost instanceof FieldAccessExpr access) {
            leftmost = access.getScope();
            dots++;
        }
        if (!(leftmost instanceof NameExpr name) || dots == 0) {
            return false;
        }
        String first = name.getNameAsString();
        return !names.containsKey(first)
                && !isProperty(first)
                && Character.isLowerCase(first.charAt(0))
                && !first.startsWith("$");
    }

    private Typed refuse(Node node, Position base, String construct, String message) {
        check.refuse(positionOf(node, base), construct, message);
        return null;
    }

    /** Where a node of a text that starts at {@code base} is in the file. */
    static Position positionOf(Node node, Position base) {
        return node.getBegin()
                .map(begin -> begin.line == 1
                        ? new Position(base.line(), base.column() + begin.column - 1)
                        : new Position(base.line() + begin.line - 1, begin.column))
                .orElse(base);
    }

    static String construct(Node node) {
        if (node instanceof ObjectCreationExpr || node instanceof ArrayCreationExpr) {
            return "new";
        }
        if (node instanceof LambdaExpr) {
            return "lambda";
        }
        if (node instanceof MethodReferenceExpr) {
            return "method reference";
        }
        if (node instanceof ThisExpr || node instanceof SuperExpr) {
            return node instanceof ThisExpr ? "this" : "super";
        }
        if (node instanceof ClassExpr) {
            return "class literal";
        }
        if (node instanceof SwitchExpr) {
            return "switch";
        }
        if (node instanceof InstanceOfExpr) {
            return "instanceof";
        }
        if (node instanceof ArrayAccessExpr || node instanceof ArrayInitializerExpr) {
            return "array";
        }
        if (node instanceof VariableDeclarationExpr) {
            return "variable declaration";
        }
        return node.getClass()
                .getSimpleName()
                .replace("Expr", "")
                .replace("Stmt", "")
                .toLowerCase();
    }

    private static String advice(Node node) {
        if (node instanceof ObjectCreationExpr || node instanceof ArrayCreationExpr) {
            return ": a rule creates no objects; it reads facts and gives verdicts";
        }
        if (node instanceof LambdaExpr || node instanceof MethodReferenceExpr) {
            return ": write the condition out instead";
        }
        return "";
    }
}
