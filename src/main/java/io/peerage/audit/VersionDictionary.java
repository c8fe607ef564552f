package io.peerage.audit;

import io.peerage.policy.RuleMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The preset deflate dictionary of a policy version: the texts every decision of the version repeats (its rules'
 * names, codes and summary labels, the names of verdicts, kinds, parts and scores, the summary's words), so that a
 * decision's compact form refers to them instead of storing them. It is built from the version's rule metadata alone,
 * which a stored version never changes, so the reader of a row rebuilds the writer's dictionary exactly; nothing is
 * stored or shared between rows, and batches, restarts and new versions need no care.
 *
 * <p>Frozen: rows written with it are read with it, so what it holds and its order must never change. A dictionary
 * built otherwise needs a new format byte in {@link CompactDecision}.
 */
final class VersionDictionary {

    /** Deflate looks back at most 32 KiB: only the dictionary's end is used. */
    private static final int WINDOW = 32 * 1024;

    /**
     * Texts of any decision, spelled out here rather than taken from the enums so that a constant added later does not
     * change the dictionary. Deflate codes the nearest match with the fewest bits: the commonest texts come last.
     */
    private static final List<String> VOCABULARY = List.of(
            "COMPATIBILITYNETWORKPROVIDERCLIENTFEASIBILITYHARDSOFT",
            "INFRASTRUCTURENETWORKREGIONCOUNTRYELSEWHERE",
            "ALLOCATEDPARTIALNO_PARENTPOLICY_TIMEOUT",
            "request denied: ",
            " candidates eligible: ",
            "CLIENTCDNWAYPOINTREGULARLIGHTWEIGHT",
            "ASSIGNEDREJECTEDOUTRANKED",
            "peerinfrastructuresameIspsameAsnnearspareUplinkqualityholdingpolicy");

    /** The last dictionary built, with the rules it was built from: writers and readers mostly ask for one version. */
    private static volatile Built last;

    private record Built(Map<String, RuleMetadata> rules, byte[] dictionary) {}

    private VersionDictionary() {}

    /** The dictionary of a version with these rules (by name, as {@link VersionRules} gives them). */
    static byte[] of(Map<String, RuleMetadata> rules) {
        Built built = last;
        if (built != null && built.rules() == rules) {
            return built.dictionary();
        }
        byte[] dictionary = build(rules);
        last = new Built(rules, dictionary);
        return dictionary;
    }

    static byte[] build(Map<String, RuleMetadata> rules) {
        StringBuilder text = new StringBuilder(4096);
        VOCABULARY.forEach(text::append);
        rules.values().stream().sorted(Comparator.comparing(RuleMetadata::name)).forEach(rule -> {
            text.append(rule.label())
                    .append(" (")
                    .append(rule.kind() == null ? null : rule.kind().name())
                    .append(')');
            text.append(rule.code());
            text.append(rule.name());
        });
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        return utf8.length <= WINDOW ? utf8 : Arrays.copyOfRange(utf8, utf8.length - WINDOW, utf8.length);
    }
}
