package io.peerage.policy.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped catalog, mutated: each construct a rule may not use is put into the first and the last rule of every file
 * of {@code rules/} (in its conditions, its consequence, or the file's header), and the check must refuse it by name,
 * at the file, line and column where it was put.
 */
class CatalogMutationTest {

    private static final Path RULES = Path.of("rules");

    /** Where a construct goes: each place is a line of its own, inserted into the file. */
    enum Place {
        /** After the package line. */
        PACKAGE,
        /** After the global line. */
        HEADER,
        /** The last line of the rule's conditions, just before {@code then}. */
        CONDITION,
        /** The first line of the rule's consequence, just after {@code then}. */
        CONSEQUENCE
    }

    /**
     * A refused construct: the line inserted, where it goes, the construct the check must name and the text its column
     * must point at (the first occurrence in the inserted line).
     */
    record Mutation(String name, Place place, String line, String construct, String at) {}

    static final List<Mutation> MUTATIONS = List.of(
            new Mutation("the mvel dialect", Place.PACKAGE, "dialect \"mvel\"", "mvel dialect", "\"mvel\""),
            new Mutation("a foreign import", Place.HEADER, "import java.io.File;", "import", "import"),
            new Mutation("another global", Place.HEADER, "global java.util.List sink;", "global", "global"),
            new Mutation("a function", Place.HEADER, "function void boom() { }", "function", "function"),
            new Mutation("a query", Place.HEADER, "query \"all\" Candidate() end", "query", "query"),
            new Mutation("a declared type", Place.HEADER, "declare Box name : String end", "declare", "Box"),
            new Mutation("eval", Place.CONDITION, "    eval( true )", "eval", "eval"),
            new Mutation(
                    "from",
                    Place.CONDITION,
                    "    io.peerage.policy.fact.AllocationRequest( ) from verdicts",
                    "from",
                    "io.peerage"),
            new Mutation(
                    "accumulate",
                    Place.CONDITION,
                    "    $n : Number() from accumulate( io.peerage.policy.fact.AllocationRequest( $q : maxParents ), sum( $q ) )",
                    "accumulate",
                    "$n"),
            new Mutation(
                    "matches",
                    Place.CONDITION,
                    "    io.peerage.policy.fact.AllocationRequest( child.isp matches \"(a+)+\" )",
                    "matches",
                    "child.isp"),
            new Mutation(
                    "a fully qualified name in a condition",
                    Place.CONDITION,
                    "    io.peerage.policy.fact.AllocationRequest( java.lang.Runtime.getRuntime().exec(\"x\") != null )",
                    "fully qualified name",
                    "java.lang.Runtime"),
            new Mutation(
                    "getClass in a condition",
                    Place.CONDITION,
                    "    io.peerage.policy.fact.AllocationRequest( child.getClass() != null )",
                    "Object method getClass",
                    "child.getClass"),
            new Mutation(
                    "new in a condition",
                    Place.CONDITION,
                    "    io.peerage.policy.fact.AllocationRequest( new java.io.File(\"x\").exists() )",
                    "new",
                    "new"),
            new Mutation("new", Place.CONSEQUENCE, "    new java.io.File(\"/tmp/x\").createNewFile();", "new", "new"),
            new Mutation("insert", Place.CONSEQUENCE, "    insert(\"x\");", "insert", "insert"),
            new Mutation("modify", Place.CONSEQUENCE, "    modify(verdicts) { };", "modify", "modify"),
            new Mutation("delete", Place.CONSEQUENCE, "    delete(\"x\");", "delete", "delete"),
            new Mutation("update", Place.CONSEQUENCE, "    update(\"x\");", "update", "update"),
            new Mutation("drools", Place.CONSEQUENCE, "    drools.halt();", "drools", "drools"),
            new Mutation("kcontext", Place.CONSEQUENCE, "    kcontext.getKieRuntime();", "kcontext", "kcontext"),
            new Mutation(
                    "a lambda", Place.CONSEQUENCE, "    verdicts.deny(String.valueOf(() -> 1));", "lambda", "() ->"),
            new Mutation(
                    "a method reference",
                    Place.CONSEQUENCE,
                    "    verdicts.deny(String.valueOf(String::valueOf));",
                    "method reference",
                    "String::valueOf"),
            new Mutation(
                    "synchronized",
                    Place.CONSEQUENCE,
                    "    synchronized (verdicts) { }",
                    "synchronized",
                    "synchronized"),
            new Mutation("a while loop", Place.CONSEQUENCE, "    while (true) { }", "loop", "while"),
            new Mutation("a for loop", Place.CONSEQUENCE, "    for (int i = 0; i < 3; i++) { }", "loop", "for"),
            new Mutation("a do loop", Place.CONSEQUENCE, "    do { } while (true);", "loop", "do"),
            new Mutation(
                    "getClass",
                    Place.CONSEQUENCE,
                    "    verdicts.deny(\"\" + verdicts.getClass().getName());",
                    "Object method getClass",
                    "verdicts.getClass"),
            new Mutation(
                    "a fully qualified name",
                    Place.CONSEQUENCE,
                    "    verdicts.deny(java.lang.System.getProperty(\"user.home\"));",
                    "fully qualified name",
                    "java.lang.System"),
            new Mutation(
                    "a unicode escape",
                    Place.CONSEQUENCE,
                    "    // \\u000a verdicts.deny(\"x\");",
                    "unicode escape",
                    "\\u"));

    /** One catalog file, one of its rules, one mutation. */
    record Case(String file, int rule, Mutation mutation) {
        @Override
        public String toString() {
            return mutation.name() + " in " + file + " rule " + (rule + 1);
        }
    }

    static Stream<Arguments> mutants() {
        List<Arguments> cases = new ArrayList<>();
        for (String file : catalog()) {
            int rules = rulesOf(lines(file)).size();
            for (int rule : new int[] {0, rules - 1}) {
                for (Mutation mutation : MUTATIONS) {
                    if (rule > 0 && rule == rules - 1 && rules == 1) {
                        continue;
                    }
                    cases.add(Arguments.of(new Case(file, rule, mutation)));
                }
            }
        }
        return cases.stream();
    }

    @Test
    void theCatalogAsShippedPasses() {
        assertThat(catalog()).contains("client.drl", "compatibility.drl", "network.drl", "provider.drl");
        for (String file : catalog()) {
            assertThat(Checked.check(file, String.join("\n", lines(file))).refusals())
                    .as(file)
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void eachInsertedConstructIsRefusedWhereItWasPut(Case mutant) {
        List<String> lines = new ArrayList<>(lines(mutant.file()));
        int index = insertionIndex(lines, mutant.rule(), mutant.mutation().place());
        lines.add(index, mutant.mutation().line());
        int line = index + 1;
        int column = mutant.mutation().line().indexOf(mutant.mutation().at()) + 1;

        PolicyCheck.Outcome outcome = Checked.check(mutant.file(), String.join("\n", lines));

        assertThat(outcome.refusals()).as("refusals of " + mutant).isNotEmpty();
        Refusal first = outcome.refusals().get(0);
        assertThat(Arrays.asList(first.file(), first.line(), first.column(), first.construct()))
                .as(first.toString())
                .containsExactly(mutant.file(), line, column, mutant.mutation().construct());
    }

    /** The index (0-based) at which the inserted line goes. */
    private static int insertionIndex(List<String> lines, int rule, Place place) {
        return switch (place) {
            case PACKAGE -> indexOfLineStarting(lines, "package ") + 1;
            case HEADER -> indexOfLineStarting(lines, "global ") + 1;
            case CONDITION -> rulesOf(lines).get(rule)[1];
            case CONSEQUENCE -> rulesOf(lines).get(rule)[1] + 1;
        };
    }

    private static int indexOfLineStarting(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with '" + start + "'");
    }

    /** For each rule, the indexes of its {@code when} and {@code then} lines. */
    private static List<int[]> rulesOf(List<String> lines) {
        List<int[]> rules = new ArrayList<>();
        int when = -1;
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).trim();
            if (trimmed.equals("when")) {
                when = i;
            } else if (trimmed.equals("then")) {
                rules.add(new int[] {when, i});
            }
        }
        assertThat(rules).as("rules of the file").isNotEmpty();
        return rules;
    }

    private static List<String> catalog() {
        try (Stream<Path> paths = Files.list(RULES)) {
            return paths.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".drl"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(String file) {
        try {
            return Arrays.asList(Files.readString(RULES.resolve(file)).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
