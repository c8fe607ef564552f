package io.peerage.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorePartsTest {

    private static final List<String> NAMES = List.of("peer", "sameIsp", "policy");

    @Test
    void it_is_the_map_of_its_names_to_its_values_in_their_order() throws Exception {
        ScoreParts parts = new ScoreParts(NAMES, new double[] {20, 0, -7.5});
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("peer", 20.0);
        expected.put("sameIsp", 0.0);
        expected.put("policy", -7.5);

        assertThat(parts).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(expected).isEqualTo(parts);
        assertThat(parts.keySet()).containsExactly("peer", "sameIsp", "policy");
        assertThat(parts.get("policy")).isEqualTo(-7.5);
        assertThat(parts.get("near")).isNull();
        assertThat(parts.containsKey("sameIsp")).isTrue();
        assertThat(new ObjectMapper().writeValueAsString(parts))
                .isEqualTo("{\"peer\":20.0,\"sameIsp\":0.0,\"policy\":-7.5}");
    }

    @Test
    void it_cannot_be_changed() {
        ScoreParts parts = new ScoreParts(NAMES, new double[] {20, 0, 1});

        assertThatThrownBy(() -> parts.put("peer", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> parts.entrySet().iterator().next().setValue(1.0))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(parts.get("peer")).isEqualTo(20.0);
    }

    @Test
    void the_values_it_was_given_are_copied() {
        double[] values = {20, 0, 1};
        ScoreParts parts = new ScoreParts(NAMES, values);
        values[0] = 99;

        assertThat(parts.get("peer")).isEqualTo(20.0);
        assertThat(parts.value(0)).isEqualTo(20.0);
    }

    @Test
    void names_and_values_must_pair_up() {
        assertThatThrownBy(() -> new ScoreParts(NAMES, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 part names for 2 values");
    }
}
