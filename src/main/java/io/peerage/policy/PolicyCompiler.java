package io.peerage.policy;

import io.peerage.policy.check.PolicyCheck;
import io.peerage.policy.check.Refusal;
import io.peerage.policy.check.RuleReads;
import io.peerage.policy.check.TextScan;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.conf.LanguageLevelOption;
import org.kie.internal.conf.ConstraintJittingThresholdOption;
import org.kie.internal.io.ResourceFactory;

/**
 * Turns DRL files into a {@link PolicySet}, or into the list of everything wrong with them: syntax and type errors from
 * Drools with line and column, plus the checks Peerage adds (metadata present and valid, rule names unique across
 * files, the {@code verdicts} global declared). A file named {@code settings.json} is not DRL but the set's
 * {@link PolicySettings}, checked the same way; the version covers it as well.
 */
public final class PolicyCompiler {

    /** The kinds a policy file may declare: {@code FEASIBILITY} is the engine's own. */
    private static final Set<PolicyKind> DECLARABLE_KINDS = EnumSet.complementOf(EnumSet.of(PolicyKind.FEASIBILITY));

    private final ClassLoader classLoader;

    public PolicyCompiler(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** The outcome of a compilation: a policy set, or the problems that prevent one. */
    public record Result(Optional<PolicySet> policySet, List<PolicyProblem> problems) {
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    public Result compile(List<PolicyFile> allFiles) {
        List<PolicyProblem> problems = new ArrayList<>();
        // settings.json is data the rules read through their facts; every other file is DRL.
        PolicySettings settings = PolicySettings.DEFAULTS;
        List<PolicyFile> files = new ArrayList<>();
        for (PolicyFile file : allFiles) {
            if (file.name().equals(PolicySettings.FILE_NAME)) {
                PolicySettings.Parsed parsed = PolicySettings.parse(file);
                problems.addAll(parsed.problems());
                settings = parsed.settings();
            } else {
                files.add(file);
            }
        }
        // Each file is parsed once; the check reads that descriptor and the builder compiles that same descriptor.
        Map<PolicyFile, PackageDescr> parsed = new LinkedHashMap<>();
        Map<String, RuleReads> reads = new LinkedHashMap<>();
        for (PolicyFile file : files) {
            parse(file, problems).ifPresent(descr -> {
                PolicyCheck.Outcome outcome = PolicyCheck.check(file.name(), file.text(), descr);
                outcome.refusals().forEach(refusal -> problems.add(toProblem(refusal)));
                outcome.reads().forEach(read -> reads.put(read.rule(), read));
                parsed.put(file, descr);
            });
        }
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(problems));
        }
        Map<String, RuleLocation> locations = locateRules(parsed, problems);

        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(
                KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, classLoader));
        for (Map.Entry<PolicyFile, PackageDescr> entry : parsed.entrySet()) {
            PackageDescr descr = entry.getValue();
            descr.setResource(resourceOf(entry.getKey()));
            ((KnowledgeBuilderImpl) builder).addPackage(descr);
        }
        for (KnowledgeBuilderError error : builder.getErrors()) {
            problems.add(toProblem(error));
        }
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(problems));
        }

        KieBase kieBase = newKieBase(builder);
        Map<String, RuleMetadata> rules = new LinkedHashMap<>();
        boolean declaresVerdicts = false;
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Global global : kiePackage.getGlobalVariables()) {
                if (global.getName().equals(Verdicts.GLOBAL)) {
                    declaresVerdicts = true;
                }
            }
            for (Rule rule : kiePackage.getRules()) {
                RuleLocation location = locations.getOrDefault(rule.getName(), new RuleLocation("", 0));
                readMetadata(rule, location, problems).ifPresent(metadata -> rules.put(rule.getName(), metadata));
            }
        }
        if (!rules.isEmpty() && !declaresVerdicts) {
            problems.add(new PolicyProblem(
                    files.get(0).name(),
                    1,
                    1,
                    "no file declares 'global " + Verdicts.class.getName() + " verdicts;'. Maybe the line was"
                            + " deleted? Rules give their verdicts through it"));
        }
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(problems));
        }
        reads.keySet().retainAll(rules.keySet());
        return new Result(
                Optional.of(new PolicySet(kieBase, allFiles, rules, reads, checksum(allFiles), settings, 0)),
                List.of());
    }

    /**
     * Parses one file with Drools' own parser, after the text scan has made sure the parser can take it: nesting deep
     * enough to overflow the parser's recursion is refused first, as is any unicode escape.
     */
    private static Optional<PackageDescr> parse(PolicyFile file, List<PolicyProblem> problems) {
        List<Refusal> refusals = TextScan.scan(file.name(), file.text());
        if (!refusals.isEmpty()) {
            refusals.forEach(refusal -> problems.add(toProblem(refusal)));
            return Optional.empty();
        }
        DrlParser parser = new DrlParser(LanguageLevelOption.DRL6);
        PackageDescr descr;
        try {
            descr = parser.parse(resourceOf(file), new StringReader(file.text()));
        } catch (DroolsParserException e) {
            problems.add(new PolicyProblem(file.name(), 0, 0, "cannot be read: " + e.getMessage()));
            return Optional.empty();
        } catch (StackOverflowError e) {
            // The scan keeps nesting far below this; should the parser still recurse too deep, the file is refused.
            problems.add(new PolicyProblem(file.name(), 0, 0, "too deeply nested for the parser; simplify the rule"));
            return Optional.empty();
        }
        if (parser.hasErrors() || descr == null) {
            for (DroolsError error : parser.getErrors()) {
                problems.add(toProblem(file, error));
            }
            if (!parser.hasErrors()) {
                problems.add(new PolicyProblem(file.name(), 0, 0, "cannot be read as DRL"));
            }
            return Optional.empty();
        }
        return Optional.of(descr);
    }

    private static Resource resourceOf(PolicyFile file) {
        return ResourceFactory.newByteArrayResource(file.text().getBytes(StandardCharsets.UTF_8))
                .setSourcePath(file.name());
    }

    private static PolicyProblem toProblem(Refusal refusal) {
        return new PolicyProblem(refusal.file(), refusal.line(), refusal.column(), refusal.message());
    }

    private static PolicyProblem toProblem(PolicyFile file, DroolsError error) {
        if (error instanceof ParserError parserError) {
            return new PolicyProblem(
                    file.name(),
                    Math.max(parserError.getRow(), 0),
                    Math.max(parserError.getCol() + 1, 0),
                    error.getMessage().replaceAll("\\s+", " ").trim());
        }
        int[] lines = error.getLines();
        int line = lines != null && lines.length > 0 ? Math.max(lines[0], 0) : 0;
        return new PolicyProblem(
                file.name(), line, 0, error.getMessage().replaceAll("\\s+", " ").trim());
    }

    /**
     * The rule base, on the application's class loader, with every constraint compiled to bytecode at its first
     * evaluation. Drools' default compiles a constraint on a background thread after its 20th evaluation; in the
     * packaged service most constraints then stayed interpreted by MVEL for good (a fifth of the engine's CPU, a third
     * of the memory an allocation allocates). Compiling them at once costs a few milliseconds after each swap.
     */
    private KieBase newKieBase(KnowledgeBuilder builder) {
        KieBaseConfiguration configuration = KieServices.get().newKieBaseConfiguration(null, classLoader);
        configuration.setOption(ConstraintJittingThresholdOption.get(0));
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(configuration);
        kieBase.addPackages(builder.getKnowledgePackages());
        return kieBase;
    }

    private record RuleLocation(String file, int line) {}

    /** Finds where each rule is declared, and reports a name used twice, which Drools would silently overwrite. */
    private static Map<String, RuleLocation> locateRules(
            Map<PolicyFile, PackageDescr> parsed, List<PolicyProblem> problems) {
        Map<String, RuleLocation> locations = new HashMap<>();
        for (Map.Entry<PolicyFile, PackageDescr> entry : parsed.entrySet()) {
            String file = entry.getKey().name();
            for (RuleDescr rule : entry.getValue().getRules()) {
                String name = rule.getName();
                int line = Math.max(rule.getLine(), 0);
                RuleLocation previous = locations.putIfAbsent(name, new RuleLocation(file, line));
                if (previous != null) {
                    problems.add(new PolicyProblem(
                            file,
                            line,
                            1,
                            "duplicate rule name \"" + name + "\": already declared at " + previous.file() + ":"
                                    + previous.line() + ". Rule names must be unique across all policy files"));
                }
            }
        }
        return locations;
    }

    private static Optional<RuleMetadata> readMetadata(Rule rule, RuleLocation at, List<PolicyProblem> problems) {
        Map<String, Object> meta = rule.getMetaData();
        int before = problems.size();
        String where = "rule \"" + rule.getName() + "\"";
        PolicyKind kind = enumValue(meta, "kind", PolicyKind.class, DECLARABLE_KINDS, where, at, problems);
        if (kind == PolicyKind.FEASIBILITY) {
            problems.add(problem(at, where + ": @kind(FEASIBILITY) is reserved for the engine's own checks"));
        }
        Strictness strictness =
                enumValue(meta, "strictness", Strictness.class, EnumSet.allOf(Strictness.class), where, at, problems);
        String code = text(meta, "code");
        if (code == null || code.isBlank()) {
            problems.add(problem(at, where + " has no @code(\"...\"): every rule needs a stable reason code"));
        } else if (!code.matches("[a-z0-9][a-z0-9-]*")) {
            problems.add(problem(
                    at,
                    where + ": @code(\"" + code + "\") must be lower-case words joined by '-', such as"
                            + " \"not-on-access-list\""));
        }
        Integer rank = null;
        String rankText = text(meta, "rank");
        if (rankText == null) {
            problems.add(problem(at, where + " has no @rank(n): every rule needs a rank for relaxation order"));
        } else {
            try {
                rank = Integer.parseInt(rankText.trim());
            } catch (NumberFormatException e) {
                problems.add(problem(at, where + ": @rank(" + rankText + ") must be a whole number"));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        String label = Optional.ofNullable(text(meta, "label")).orElse(code);
        String description = Optional.ofNullable(text(meta, "description")).orElse("");
        return Optional.of(
                new RuleMetadata(rule.getName(), at.file(), code, label, kind, strictness, rank, description));
    }

    private static <E extends Enum<E>> E enumValue(
            Map<String, Object> meta,
            String key,
            Class<E> type,
            Set<E> declarable,
            String where,
            RuleLocation at,
            List<PolicyProblem> problems) {
        String value = text(meta, key);
        List<String> allowed = declarable.stream().map(Enum::name).toList();
        if (value == null) {
            problems.add(problem(at, where + " has no @" + key + "(...): one of " + allowed));
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(problem(at, where + ": @" + key + "(" + value + ") is not one of " + allowed));
            return null;
        }
    }

    /**
     * A metadata value by its name. Drools resolves some names to its own annotations ({@code @label} arrives as
     * {@code org.kie.api.definition.type.Label}), so the name is matched without its package and ignoring case.
     */
    private static String text(Map<String, Object> meta, String key) {
        Object value = meta.get(key);
        if (value == null) {
            value = builtInAnnotation(meta, key);
        }
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\""))) {
            text = text.substring(1, text.length() - 1);
        }
        return text;
    }

    /**
     * Drools resolves an attribute whose name, capitalized, is one of its own annotation types and files its value
     * under the type's full name: {@code @label} comes back as {@code org.kie.api.definition.type.Label} and
     * {@code @description} as {@code org.kie.api.definition.type.Description}.
     */
    private static Object builtInAnnotation(Map<String, Object> meta, String key) {
        for (Map.Entry<String, Object> entry : meta.entrySet()) {
            String name = entry.getKey();
            int dot = name.lastIndexOf('.');
            if (dot >= 0 && name.substring(dot + 1).equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static PolicyProblem problem(RuleLocation at, String message) {
        return new PolicyProblem(at.file(), at.line(), at.line() == 0 ? 0 : 1, message);
    }

    private static PolicyProblem toProblem(KnowledgeBuilderError error) {
        String file = error.getResource() == null ? "" : error.getResource().getSourcePath();
        int line = 0;
        int column = 0;
        if (error instanceof ParserError parserError) {
            line = parserError.getRow();
            column = parserError.getCol() + 1;
        } else if (error.getLines() != null && error.getLines().length > 0) {
            line = error.getLines()[0];
        }
        return new PolicyProblem(file == null ? "" : file, Math.max(line, 0), Math.max(column, 0), clean(error));
    }

    private static String clean(KnowledgeBuilderError error) {
        return error.getMessage().replaceAll("\\s+", " ").trim();
    }

    /** Over the files in name order, however they were listed: the same files always have the same checksum. */
    static String checksum(List<PolicyFile> files) {
        StringBuilder all = new StringBuilder();
        files.stream()
                .sorted(java.util.Comparator.comparing(PolicyFile::name))
                .forEach(file -> all.append(file.name())
                        .append('\n')
                        .append(file.sha256())
                        .append('\n'));
        return PolicyFile.sha256(all.toString()).substring(0, 16);
    }
}
