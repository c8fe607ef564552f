package io.peerage.policy.check;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import io.peerage.policy.check.PolicyCheck.Position;
import io.peerage.policy.check.PolicyCheck.Reads;
import io.peerage.policy.check.PolicyCheck.Typed;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a rule's consequence: plain statements ({@code if}, local variables, calls) whose every expression types
 * against the allow-list. Before parsing it, the words that name what a consequence may never do ({@code modify},
 * {@code new}, loops...) are looked for token by token, so that an author is told the construct by name even where it
 * is not Java at all, such as a {@code modify(...) { }} block.
 */
final class ConsequenceCheck {

    /** Words that name something a consequence may never do, with the construct each is reported as. */
    private static final Map<String, String> FORBIDDEN_WORDS = wordsToRefuse();

    private final PolicyCheck check;
    private final String text;
    private final Position start;
    private final Map<String, Typed> names;
    private final Reads reads;

    ConsequenceCheck(PolicyCheck check, String text, Position start, Map<String, Typed> bindings, Reads reads) {
        this.check = check;
        this.text = text;
        this.start = start;
        this.names = new LinkedHashMap<>(bindings);
        this.reads = reads;
    }

    void run() {
        if (forbiddenWords()) {
            return;
        }
        ParseResult<BlockStmt> parsed = ExpressionTyper.parser().parseBlock("{" + text + "\n}");
        // The block opens one character before the consequence: columns on its first line shift by one.
        Position base = new Position(start.line(), start.column() - 1);
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            String problem = parsed.getProblems().isEmpty()
                    ? ""
                    : ": "
                            + parsed.getProblems()
                                    .get(0)
                                    .getMessage()
                                    .lines()
                                    .findFirst()
                                    .orElse("");
            check.refuse(start, "consequence", "the consequence is not Java that the check can read" + problem);
            return;
        }
        ExpressionTyper typer = new ExpressionTyper(check, null, names, reads);
        for (Statement statement : parsed.getResult().get().getStatements()) {
            statement(statement, typer, base);
        }
    }

    private void statement(Statement statement, ExpressionTyper typer, Position base) {
        String where = "consequence";
        if (statement instanceof BlockStmt block) {
            block.getStatements().forEach(inner -> statement(inner, typer, base));
        } else if (statement instanceof EmptyStmt) {
            return;
        } else if (statement instanceof IfStmt ifStmt) {
            typer.type(ifStmt.getCondition(), base, where);
            statement(ifStmt.getThenStmt(), typer, base);
            ifStmt.getElseStmt().ifPresent(otherwise -> statement(otherwise, typer, base));
        } else if (statement instanceof ExpressionStmt expression
                && expression.getExpression() instanceof VariableDeclarationExpr declaration) {
            for (VariableDeclarator variable : declaration.getVariables()) {
                declare(variable, typer, base, where);
            }
        } else if (statement instanceof ExpressionStmt expression) {
            typer.type(expression.getExpression(), base, where);
        } else {
            String construct = statement instanceof ForStmt
                            || statement instanceof ForEachStmt
                            || statement instanceof WhileStmt
                            || statement instanceof DoStmt
                    ? "loop"
                    : statement instanceof SynchronizedStmt ? "synchronized" : ExpressionTyper.construct(statement);
            check.refuse(
                    ExpressionTyper.positionOf(statement, base),
                    construct,
                    where + ": '" + construct + "' is not allowed: a consequence gives verdicts with plain"
                            + " statements (if, local variables, calls of verdicts)");
        }
    }

    private void declare(VariableDeclarator variable, ExpressionTyper typer, Position base, String where) {
        String name = variable.getNameAsString();
        if (names.containsKey(name) || name.equals(PolicyCheck.VERDICTS)) {
            check.refuse(
                    ExpressionTyper.positionOf(variable, base),
                    "variable",
                    where + ": '" + name + "' is already a name here; choose another");
            return;
        }
        Optional<Expression> initializer = variable.getInitializer();
        if (initializer.isEmpty()) {
            check.refuse(
                    ExpressionTyper.positionOf(variable, base),
                    "variable",
                    where + ": local variable '" + name + "' needs a value where it is declared");
            return;
        }
        Typed value = typer.type(initializer.get(), base, where);
        if (value == null) {
            return;
        }
        String declared = variable.getTypeAsString();
        Optional<ValueType> type = switch (declared) {
            case "var" -> Optional.of(value.type());
            case "String" -> Optional.of(ValueType.STRING);
            case "int" -> Optional.of(ValueType.INT);
            case "long" -> Optional.of(ValueType.LONG);
            case "double" -> Optional.of(ValueType.DOUBLE);
            case "boolean" -> Optional.of(ValueType.BOOLEAN);
            default -> AllowList.factType(declared).map(ValueType::of);
        };
        if (type.isEmpty()) {
            check.refuse(
                    ExpressionTyper.positionOf(variable, base),
                    "variable type",
                    where + ": a local variable" + " may be a String, int, long, double, boolean or a fact, not "
                            + declared);
            return;
        }
        // A local holds a value; a fact held in a local keeps no chain, so its reads count from the local on.
        names.put(name, new Typed(type.get(), null, null));
    }

    /** Reports the first forbidden word outside strings and comments; true when there was one. */
    private boolean forbiddenWords() {
        boolean[] found = {false};
        char[] previous = {0}; // the last character of code before this one, spaces aside
        CodeScanner.walk(text, start.line(), start.column(), (index, line, column) -> {
            char c = text.charAt(index);
            if (!Character.isJavaIdentifierStart(c)
                    || (index > 0 && Character.isJavaIdentifierPart(text.charAt(index - 1)))) {
                if (!Character.isWhitespace(c)) {
                    previous[0] = c;
                }
                return 1;
            }
            int end = index;
            while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                end++;
            }
            String word = text.substring(index, end);
            String construct = FORBIDDEN_WORDS.get(word);
            if (construct != null && previous[0] != '.') {
                check.refuse(new Position(line, column), construct, message(word, construct));
                found[0] = true;
                return 0;
            }
            previous[0] = text.charAt(end - 1);
            return end - index;
        });
        return found[0];
    }

    private static String message(String word, String construct) {
        return switch (construct) {
            case "loop" ->
                "consequence: loops ('" + word + "') are not allowed: a consequence gives a verdict for"
                        + " the facts its conditions matched";
            case "new" ->
                "consequence: 'new' is not allowed: a rule creates no objects; it reads facts and gives" + " verdicts";
            case "synchronized" -> "consequence: 'synchronized' is not allowed";
            case "drools", "kcontext" ->
                "consequence: '" + word + "' is not allowed: a rule reaches the engine" + " only through verdicts";
            default -> "consequence: '" + word + "' is not allowed: a rule changes no fact; it gives verdicts";
        };
    }

    private static Map<String, String> wordsToRefuse() {
        Map<String, String> words = new LinkedHashMap<>();
        for (String word : Set.of("for", "while", "do")) {
            words.put(word, "loop");
        }
        words.put("new", "new");
        words.put("synchronized", "synchronized");
        words.put("drools", "drools");
        words.put("kcontext", "kcontext");
        for (String word : Set.of("insert", "insertLogical", "modify", "update", "delete", "retract")) {
            words.put(word, word);
        }
        return Map.copyOf(words);
    }
}
