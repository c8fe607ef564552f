package io.peerage.policy.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rules/README.md lists exactly the members the check admits, no more and no fewer. */
class AllowListReadmeTest {

    @Test
    void theReadmeListsExactlyTheAllowList() throws Exception {
        String readme = Files.readString(Path.of("rules", "README.md"));
        String section = readme.substring(
                readme.indexOf("<!-- allow-list:start -->"), readme.indexOf("<!-- allow-list:end -->"));
        List<String> listed = section.lines()
                .filter(line -> line.startsWith("- `"))
                .map(line -> line.substring(3, line.indexOf('`', 3)))
                .toList();

        assertThat(listed)
                .containsExactlyInAnyOrderElementsOf(AllowList.members().stream()
                        .map(AllowList.Member::signature)
                        .toList());
    }
}
