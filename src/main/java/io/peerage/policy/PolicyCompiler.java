package io.peerage.policy;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.parser.ParserError;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
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

    private static final Pattern RULE_HEADER = Pattern.compile("(?m)^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");

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
        Map<String, RuleLocation> locations = locateRules(files, problems);

        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(
                KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, classLoader));
        for (PolicyFile file : files) {
            builder.add(
                    ResourceFactory.newByteArrayResource(file.text().getBytes(StandardCharsets.UTF_8))
                            .setSourcePath(file.name()),
                    ResourceType.DRL);
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
                    if (!global.getType().equals(Verdicts.class.getName())) {
                        problems.add(new PolicyProblem(
                                "",
                                0,
                                0,
                                "global 'verdicts' must have type " + Verdicts.class.getName() + ", not "
                                        + global.getType()));
                    }
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
        return new Result(
                Optional.of(new PolicySet(kieBase, allFiles, rules, checksum(allFiles), settings, 0)), List.of());
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
    private static Map<String, RuleLocation> locateRules(List<PolicyFile> files, List<PolicyProblem> problems) {
        Map<String, RuleLocation> locations = new HashMap<>();
        for (PolicyFile file : files) {
            Matcher matcher = RULE_HEADER.matcher(file.text());
            while (matcher.find()) {
                String name = firstNonNull(matcher.group(1), matcher.group(2), matcher.group(3));
                int line = lineOf(file.text(), matcher.start(1 + groupIndex(matcher)));
                RuleLocation previous = locations.putIfAbsent(name, new RuleLocation(file.name(), line));
                if (previous != null) {
                    problems.add(new PolicyProblem(
                            file.name(),
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

    private static int groupIndex(Matcher matcher) {
        return matcher.group(1) != null ? 0 : matcher.group(2) != null ? 1 : 2;
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        throw new IllegalStateException("a rule header always has a name");
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
