package io.peerage.policy.check;

import io.peerage.policy.fact.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalBranchDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NamedConsequenceDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.PatternSourceDescr;
import org.drools.drl.ast.descr.QueryDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.WindowReferenceDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.kie.internal.builder.conf.LanguageLevelOption;

/**
 * Decides whether a parsed policy file stays inside the subset a rule may use: it reads facts and gives verdicts, and
 * nothing else. It reads the very {@link PackageDescr} that is then compiled, so the check and the compiler never
 * disagree on what the text says. Every expression, in conditions and consequences, is typed against the
 * {@link AllowList}; what cannot be typed is refused. The same walk records what each rule reads.
 */
public final class PolicyCheck {

    /** The global every rule gives its verdicts through. */
    public static final String VERDICTS = "verdicts";

    /** The type of {@link #VERDICTS}, named rather than imported: the check does not depend on the policy package. */
    public static final String VERDICTS_TYPE = "io.peerage.policy.Verdicts";

    /** The metadata a rule may carry; each value is a plain literal or a word. */
    public static final Set<String> ANNOTATIONS = Set.of("kind", "strictness", "rank", "code", "label", "description");

    /** The operators a condition may compare with. {@code in} is written out by Drools as {@code ==}. */
    public static final Set<String> OPERATORS = Set.of("==", "!=", "<", ">", "<=", ">=", "contains", "memberOf");

    /** What a file may contain, and what each of its rules reads. */
    public record Outcome(List<Refusal> refusals, List<RuleReads> reads) {
        public boolean passed() {
            return refusals.isEmpty();
        }
    }

    private final String file;
    private final String text;
    private final List<Refusal> refusals = new ArrayList<>();
    private final Map<String, Class<?>> imported = new HashMap<>();

    private PolicyCheck(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /**
     * Checks one parsed file.
     *
     * @param text the file's text, to place what is refused inside conditions and consequences
     */
    public static Outcome check(String file, String text, PackageDescr descr) {
        PolicyCheck check = new PolicyCheck(file, text);
        List<RuleReads> reads = check.checkPackage(descr);
        return new Outcome(List.copyOf(check.refusals), reads);
    }

    private List<RuleReads> checkPackage(PackageDescr descr) {
        if (descr.getUnit() != null) {
            refuse(descr.getUnit(), "unit", "rule units are not part of the policy language");
        }
        for (ImportDescr anImport : descr.getImports()) {
            checkImport(anImport);
        }
        descr.getFunctionImports()
                .forEach(d -> refuse(
                        d,
                        "import function",
                        "'import function " + d.getTarget() + "' is not allowed: a rule calls no code of its own"));
        descr.getAccumulateImports()
                .forEach(d -> refuse(
                        d,
                        "import accumulate",
                        "'import accumulate' is not allowed: accumulate is not" + " part of the policy language"));
        for (GlobalDescr global : descr.getGlobals()) {
            if (global.getIdentifier().equals(VERDICTS) && !global.getType().equals(VERDICTS_TYPE)) {
                refuse(
                        global,
                        "global",
                        "global 'verdicts' must have type " + VERDICTS_TYPE + ", not " + global.getType());
            } else if (!global.getIdentifier().equals(VERDICTS)) {
                refuse(
                        global,
                        "global",
                        "global '" + global.getIdentifier() + "' is not allowed: the only global is 'global "
                                + VERDICTS_TYPE + " " + VERDICTS + ";'");
            }
        }
        descr.getFunctions()
                .forEach(d -> refuse(
                        d,
                        "function",
                        "function '" + d.getName() + "' is not allowed: rules call no"
                                + " code of their own. Maybe a fact property says it already?"));
        descr.getTypeDeclarations()
                .forEach(d -> refuse(
                        d,
                        "declare",
                        "'declare " + d.getTypeName() + "' is not allowed: rules read the"
                                + " fact model and declare no types"));
        descr.getEnumDeclarations()
                .forEach(d -> refuse(d, "declare", "'declare enum " + d.getTypeName() + "' is not allowed"));
        descr.getEntryPointDeclarations().forEach(d -> refuse(d, "declare", "'declare entry-point' is not allowed"));
        descr.getWindowDeclarations().forEach(d -> refuse(d, "declare", "'declare window' is not allowed"));
        for (AttributeDescr attribute : descr.getAttributes()) {
            checkAttribute(attribute, "package");
        }
        List<RuleReads> reads = new ArrayList<>();
        for (RuleDescr rule : descr.getRules()) {
            if (rule instanceof QueryDescr || rule.isQuery()) {
                refuse(
                        rule,
                        "query",
                        "query '" + rule.getName() + "' is not allowed: rules give verdicts, queries"
                                + " are not part of the policy language");
                continue;
            }
            checkRule(rule).ifPresent(reads::add);
        }
        return List.copyOf(reads);
    }

    private void checkImport(ImportDescr anImport) {
        String target = anImport.getTarget();
        String factPackage = AllowList.FACT_PACKAGE + ".";
        if (target.equals(factPackage + "*")) {
            AllowList.FACT_TYPES.forEach(type -> imported.put(type.getSimpleName(), type));
            return;
        }
        Optional<Class<?>> type = target.startsWith(factPackage)
                ? AllowList.factType(target.substring(factPackage.length()))
                : Optional.empty();
        if (type.isEmpty()) {
            refuse(
                    anImport,
                    "import",
                    "'import " + target + "' is not allowed: a policy imports only the fact model, "
                            + AllowList.FACT_PACKAGE + " (" + simpleNames(AllowList.FACT_TYPES) + ")");
        } else {
            imported.put(type.get().getSimpleName(), type.get());
        }
    }

    private void checkAttribute(AttributeDescr attribute, String where) {
        String name = attribute.getName();
        String value = attribute.getValue() == null ? "" : attribute.getValue().trim();
        switch (name) {
            case "dialect" -> {
                if (!value.equals("java")) {
                    refuse(
                            attribute,
                            "mvel dialect",
                            "dialect \"" + value + "\" is not allowed: consequences are written in the checked Java"
                                    + " subset. Remove the dialect line");
                }
            }
            case "salience" -> {
                if (!isWholeNumber(value)) {
                    refuse(attribute, "salience", "salience must be a whole number, not '" + value + "'");
                }
            }
            case "no-loop" -> {
                if (!value.isEmpty() && !value.equals("true") && !value.equals("false")) {
                    refuse(attribute, "no-loop", "no-loop must be true or false, not '" + value + "'");
                }
            }
            default ->
                refuse(
                        attribute,
                        "attribute " + name,
                        "the " + where + " attribute '" + name + "' is not allowed: only salience and no-loop are");
        }
    }

    private Optional<RuleReads> checkRule(RuleDescr rule) {
        int before = refusals.size();
        String where = "rule \"" + rule.getName() + "\"";
        for (AttributeDescr attribute : rule.getAttributes().values()) {
            // A package attribute shows up on every rule as well; it was reported once already.
            if (attribute.getLine() == rule.getLine() || attribute.getLine() > rule.getLine()) {
                checkAttribute(attribute, "rule");
            }
        }
        for (AnnotationDescr annotation : rule.getAnnotations()) {
            checkAnnotation(where, annotation, rule);
        }
        if (rule.getNamedConsequences() != null && !rule.getNamedConsequences().isEmpty()) {
            refuse(rule, "named consequence", where + ": named consequences (then[...]) are not allowed");
        }
        Reads reads = new Reads();
        Map<String, Typed> bindings = new LinkedHashMap<>();
        int[] candidates = {0};
        checkCondition(rule.getLhs(), bindings, reads, candidates, where);
        if (rule.getConsequence() instanceof String consequence) {
            new ConsequenceCheck(this, consequence, consequencePosition(rule, consequence), bindings, reads).run();
        } else if (rule.getConsequence() != null) {
            refuse(rule, "consequence", where + ": its consequence cannot be read");
        }
        if (refusals.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RuleReads(
                rule.getName(),
                reads.longest(),
                reads.clock,
                reads.decides(),
                reads.writes(),
                reads.rewritten(),
                List.copyOf(reads.verdicts),
                reads.matchesCandidate));
    }

    private void checkAnnotation(String where, AnnotationDescr annotation, BaseDescr at) {
        String name = annotation.getName();
        if (!ANNOTATIONS.contains(name)) {
            refuse(
                    positioned(annotation, at),
                    "annotation @" + name,
                    where + ": @" + name + " is not allowed; a rule carries only " + sorted(ANNOTATIONS));
            return;
        }
        for (Object value : annotation.getValueMap().values()) {
            String valueText = value == null ? "" : value.toString().trim();
            if (!ExpressionTyper.isPlainValue(valueText)) {
                refuse(
                        positioned(annotation, at),
                        "annotation value",
                        where + ": @" + name + "(" + valueText + ") must be a \"text\", a whole number or a single"
                                + " word such as HARD");
            }
        }
    }

    private void checkCondition(
            BaseDescr descr, Map<String, Typed> bindings, Reads reads, int[] candidates, String where) {
        if (descr instanceof AndDescr and) {
            and.getDescrs().forEach(child -> checkCondition(child, bindings, reads, candidates, where));
        } else if (descr instanceof OrDescr or) {
            or.getDescrs().forEach(child -> checkCondition(child, bindings, reads, candidates, where));
        } else if (descr instanceof NotDescr not) {
            not.getDescrs().forEach(child -> checkCondition((BaseDescr) child, bindings, reads, candidates, where));
        } else if (descr instanceof ExistsDescr exists) {
            exists.getDescrs().forEach(child -> checkCondition((BaseDescr) child, bindings, reads, candidates, where));
        } else if (descr instanceof PatternDescr pattern) {
            checkPattern(pattern, bindings, reads, candidates, where);
        } else if (descr instanceof EvalDescr) {
            refuse(descr, "eval", where + ": eval(...) is not allowed: write the test as a constraint of a fact");
        } else if (descr instanceof ForallDescr) {
            refuse(descr, "forall", where + ": forall is not allowed: a rule looks at one candidate at a time");
        } else if (descr instanceof ConditionalBranchDescr || descr instanceof NamedConsequenceDescr) {
            refuse(descr, "named consequence", where + ": conditional consequences (do[...]) are not allowed");
        } else {
            refuse(
                    descr,
                    "condition",
                    where + ": this kind of condition ("
                            + descr.getClass().getSimpleName().replace("Descr", "") + ") is not allowed");
        }
    }

    private void checkPattern(
            PatternDescr pattern, Map<String, Typed> bindings, Reads reads, int[] candidates, String where) {
        PatternSourceDescr source = pattern.getSource();
        if (source != null) {
            String construct = source instanceof FromDescr
                    ? "from"
                    : source instanceof AccumulateDescr
                            ? "accumulate"
                            : source instanceof CollectDescr
                                    ? "collect"
                                    : source instanceof EntryPointDescr
                                            ? "entry-point"
                                            : source instanceof WindowReferenceDescr ? "window" : "pattern source";
            refuse(
                    pattern,
                    construct,
                    where + ": '" + construct + "' is not allowed: a pattern matches the facts the engine inserts");
            return;
        }
        if (pattern.isQuery()) {
            refuse(pattern, "query", where + ": a query call is not allowed");
            return;
        }
        for (AnnotationDescr annotation : pattern.getAnnotations()) {
            refuse(
                    positioned(annotation, pattern),
                    "annotation @" + annotation.getName(),
                    where + ": @" + annotation.getName() + " on a pattern is not allowed");
        }
        Optional<Class<?>> type = patternType(pattern.getObjectType());
        if (type.isEmpty()) {
            refuse(
                    pattern,
                    pattern.getObjectType().contains(".") ? "fully qualified name" : "pattern type",
                    where + ": '" + pattern.getObjectType() + "' is not a fact a rule may match; it may match "
                            + simpleNames(AllowList.PATTERN_TYPES) + ". Maybe an import is missing?");
            return;
        }
        if (type.get() == Candidate.class) {
            reads.matchesCandidate = true;
        }
        if (type.get() == Candidate.class && ++candidates[0] == 2) {
            refuse(
                    pattern,
                    "second Candidate",
                    where + " matches a second Candidate: a rule looks at one candidate at a time. Comparing"
                            + " candidates is the ranker's work");
        }
        String fact = type.get().getSimpleName();
        Typed self = new Typed(ValueType.of(type.get()), fact, "");
        for (BaseDescr constraint : pattern.getDescrs()) {
            if (constraint instanceof ExprConstraintDescr expr) {
                if (expr.getType() == ExprConstraintDescr.Type.POSITIONAL) {
                    refuse(
                            expr,
                            "positional constraint",
                            where + ": positional constraints are not allowed; name" + " the property");
                    continue;
                }
                checkConstraint(expr, self, bindings, reads, where);
            } else {
                refuse(constraint, "constraint", where + ": this kind of constraint is not allowed");
            }
        }
        if (pattern.getIdentifier() != null) {
            bindings.put(pattern.getIdentifier(), self);
        }
    }

    private Optional<Class<?>> patternType(String name) {
        Class<?> type = imported.get(name);
        if (type == null && name.startsWith(AllowList.FACT_PACKAGE + ".")) {
            type = AllowList.factType(name.substring(AllowList.FACT_PACKAGE.length() + 1))
                    .orElse(null);
        }
        // An unknown name has no class: a refusal, not a failure of the check.
        Class<?> found = type;
        return found != null && AllowList.PATTERN_TYPES.contains(found) ? Optional.of(found) : Optional.empty();
    }

    private void checkConstraint(
            ExprConstraintDescr expr, Typed self, Map<String, Typed> bindings, Reads reads, String where) {
        String expression = expr.getExpression();
        Position at = new Position(Math.max(expr.getLine(), 1), Math.max(expr.getColumn(), 0) + 1);
        DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(LanguageLevelOption.DRL6);
        ConstraintConnectiveDescr parsed = parser.parse(expression);
        if (parser.hasErrors() || parsed == null) {
            refuse(at, "constraint", where + ": the constraint '" + expression + "' cannot be read");
            return;
        }
        ExpressionTyper typer = new ExpressionTyper(this, self, bindings, reads);
        checkConstraintPart(parsed, expression, at, typer, bindings, where);
    }

    private void checkConstraintPart(
            BaseDescr part,
            String expression,
            Position at,
            ExpressionTyper typer,
            Map<String, Typed> bindings,
            String where) {
        if (part instanceof ConstraintConnectiveDescr connective) {
            connective.getDescrs().forEach(child -> checkConstraintPart(child, expression, at, typer, bindings, where));
        } else if (part instanceof RelationalExprDescr relational) {
            String operator = relational.getOperator();
            if (operator.equals("matches")) {
                refuse(
                        at,
                        "matches",
                        where + ": 'matches' is not allowed: a regular expression can take any time."
                                + " Compare with ==, startsWith or contains");
                return;
            }
            if (!OPERATORS.contains(operator) || relational.getParameters() != null) {
                refuse(
                        at,
                        "operator " + operator,
                        where + ": the operator '" + operator + "' is not allowed; use " + sorted(OPERATORS));
                return;
            }
            Typed left = typeSide(relational.getLeft(), expression, at, typer, bindings, where);
            Typed right = typeSide(relational.getRight(), expression, at, typer, bindings, where);
            if (left == null || right == null) {
                return;
            }
            if (operator.equals("contains")
                    && !left.type().isList()
                    && !left.type().isString()) {
                refuse(
                        at,
                        "contains",
                        where + ": 'contains' needs a list or a text on its left, not "
                                + left.type().describe());
            }
            if (operator.equals("memberOf") && !right.type().isList()) {
                refuse(
                        at,
                        "memberOf",
                        where + ": 'memberOf' needs a list on its right, not "
                                + right.type().describe());
            }
        } else if (part instanceof BindingDescr binding && !binding.isUnification()) {
            // A binding alone tests nothing: what the rule does with the bound value decides how it counts.
            typer.binding(() -> typeSide(part, expression, at, typer, bindings, where));
        } else {
            typeSide(part, expression, at, typer, bindings, where);
        }
    }

    private Typed typeSide(
            BaseDescr side,
            String expression,
            Position at,
            ExpressionTyper typer,
            Map<String, Typed> bindings,
            String where) {
        if (side instanceof AtomicExprDescr atomic) {
            return typer.type(atomic.getExpression(), within(expression, atomic.getExpression(), at), where);
        }
        if (side instanceof BindingDescr binding) {
            if (binding.isUnification()) {
                refuse(at, "unification", where + ": ':=' is not allowed; bind with ':'");
                return null;
            }
            Typed typed = typer.type(binding.getExpression(), within(expression, binding.getExpression(), at), where);
            if (typed != null) {
                bindings.put(binding.getVariable(), typed);
            }
            return typed;
        }
        if (side instanceof ConstraintConnectiveDescr connective) {
            checkConstraintPart(connective, expression, at, typer, bindings, where);
            return new Typed(ValueType.BOOLEAN, null, null);
        }
        refuse(at, "constraint", where + ": this part of '" + expression + "' cannot be checked");
        return null;
    }

    /** Where a piece of a constraint starts, found by its text inside the constraint's text. */
    private static Position within(String expression, String piece, Position at) {
        int offset = expression.indexOf(piece.trim());
        return offset < 0 ? at : at.advance(expression, offset);
    }

    private Position consequencePosition(RuleDescr rule, String consequence) {
        int from = Math.max(rule.getLhs() == null ? 0 : rule.getLhs().getEndCharacter(), 0);
        int offset = consequence.isEmpty() ? -1 : text.indexOf(consequence, Math.min(from, text.length()));
        if (offset < 0) {
            return new Position(Math.max(rule.getConsequenceLine(), 1), 1);
        }
        return new Position(1, 1).advance(text, offset);
    }

    void refuse(Position at, String construct, String message) {
        refusals.add(new Refusal(file, at.line(), at.column(), construct, message));
    }

    private void refuse(BaseDescr at, String construct, String message) {
        refuse(position(at), construct, message);
    }

    private static Position position(BaseDescr at) {
        return new Position(Math.max(at.getLine(), 0), at.getLine() > 0 ? Math.max(at.getColumn(), 0) + 1 : 0);
    }

    private static BaseDescr positioned(BaseDescr descr, BaseDescr fallback) {
        return descr.getLine() > 0 ? descr : fallback;
    }

    private static boolean isWholeNumber(String value) {
        String digits = value.startsWith("-") ? value.substring(1) : value;
        if (digits.isEmpty() || digits.length() > 9) {
            return false;
        }
        for (char c : digits.toCharArray()) {
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String simpleNames(List<Class<?>> types) {
        return String.join(", ", types.stream().map(Class::getSimpleName).toList());
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", names.stream().sorted().toList());
    }

    /** A line and column, both from 1, in the file. */
    record Position(int line, int column) {

        /** The position {@code offset} characters of {@code text} further on, {@code text} starting here. */
        Position advance(String text, int offset) {
            int line = this.line;
            int column = this.column;
            for (int i = 0; i < offset && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new Position(line, column);
        }
    }

    /**
     * A typed value and, when it was read from a fact, the fact and the getter chain that lead to it.
     *
     * @param fact the fact type's simple name, or null for a value not read from a fact
     */
    record Typed(ValueType type, String fact, String path, boolean counted) {

        Typed(ValueType type, String fact, String path) {
            this(type, fact, path, false);
        }

        Typed read(String property) {
            return new Typed(type, fact, path == null || path.isEmpty() ? property : path + "." + property);
        }

        /** The same value, its chain counted as one use where it stands. */
        Typed countedUse() {
            return new Typed(type, fact, path, true);
        }

        FactRead asRead() {
            return new FactRead(fact, path);
        }
    }

    /** How a value read from a fact is used where it stands. */
    enum Use {
        /** It can change whether the rule gives its verdict, or which: a condition, an {@code if}, a weight. */
        DECIDES,
        /** It reaches only the text of a verdict's message. */
        WRITES,
        /** It is bound to a name; what the rule does with the name counts. */
        BINDS,
        /** It is the fact a verdict is about. */
        NAMES_THE_FACT
    }

    /** The reads of one rule. */
    static final class Reads {
        private final Set<FactRead> all = new LinkedHashSet<>();
        boolean clock;
        /** Uses of each chain by how they are used; a chain that a longer one extends is counted off again. */
        private final Map<FactRead, Integer> decides = new LinkedHashMap<>();

        private final Map<FactRead, Integer> writes = new LinkedHashMap<>();
        /** Chains written into a message through something other than plain concatenation. */
        private final Map<FactRead, Integer> rewritten = new LinkedHashMap<>();
        /** The verdicts the consequence gives, such as {@code reject}. */
        final Set<String> verdicts = new LinkedHashSet<>();

        boolean matchesCandidate;

        void add(String fact, String path, boolean readsClock) {
            all.add(new FactRead(fact, path));
            clock |= readsClock;
        }

        void use(Use use, FactRead read, int count) {
            Map<FactRead, Integer> uses = use == Use.DECIDES ? decides : use == Use.WRITES ? writes : null;
            if (uses != null) {
                uses.merge(read, count, Integer::sum);
            }
        }

        void rewrite(FactRead read, int count) {
            rewritten.merge(read, count, Integer::sum);
        }

        List<FactRead> rewritten() {
            return used(rewritten);
        }

        List<FactRead> decides() {
            return used(decides);
        }

        List<FactRead> writes() {
            return used(writes);
        }

        private static List<FactRead> used(Map<FactRead, Integer> uses) {
            return uses.entrySet().stream()
                    .filter(use -> use.getValue() > 0)
                    .map(Map.Entry::getKey)
                    .toList();
        }

        /** Every chain that is not the beginning of a longer one: reading node.country reads node too. */
        List<FactRead> longest() {
            List<FactRead> longest = new ArrayList<>();
            for (FactRead read : all) {
                boolean prefix = all.stream()
                        .anyMatch(other ->
                                other.fact().equals(read.fact()) && other.path().startsWith(read.path() + "."));
                if (!prefix) {
                    longest.add(read);
                }
            }
            return longest;
        }
    }
}
