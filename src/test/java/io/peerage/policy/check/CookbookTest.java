package io.peerage.policy.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.policy.PolicyCompiler;
import io.peerage.policy.PolicyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DRL block of {@code rules/README.md} is something a business user may copy: each passes the check and compiles.
 * A block shown without its header (a rule alone) gets the usual package, fact import and {@code verdicts} global.
 */
class CookbookTest {

    private static final Path README = Path.of("rules", "README.md");

    private static final String HEADER = """
            package peerage.cookbook;
            import io.peerage.policy.fact.*;
            global io.peerage.policy.Verdicts verdicts;
            """;

    /** A fenced {@code drl} block, by the README line its code starts on. */
    record Block(int line, String code) {
        @Override
        public String toString() {
            return "README.md line " + line;
        }

        /** The block as a whole file: with the header it leaves out, if it leaves it out. */
        String asFile() {
            return code.lines().anyMatch(l -> l.startsWith("package ")) ? code : HEADER + code;
        }
    }

    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(README);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("```drl")) {
                int start = i + 1;
                StringBuilder code = new StringBuilder();
                for (i = start; !lines.get(i).trim().equals("```"); i++) {
                    code.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(start + 1, code.toString()));
            }
        }
        return blocks;
    }

    static Stream<Arguments> entries() throws IOException {
        return blocks().stream().map(Arguments::of);
    }

    @Test
    void theReadmeHasItsCookbook() throws IOException {
        // The fence parser finds the blocks: the README shows the catalog rule by rule and two recipes.
        assertThat(blocks()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(blocks()).filteredOn(b -> b.code().contains("rule \"")).hasSizeGreaterThanOrEqualTo(19);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void eachEntryPassesTheCheckAndCompiles(Block block) {
        String file = block.asFile();
        assertThat(Checked.check("cookbook.drl", file).refusals())
                .as("refusals of the block at " + block)
                .isEmpty();
        PolicyCompiler.Result result = new PolicyCompiler(CookbookTest.class.getClassLoader())
                .compile(List.of(PolicyFile.of("cookbook.drl", file)));
        assertThat(result.problems()).as("problems of the block at " + block).isEmpty();
    }
}
