package io.peerage.policy.catalog;

import static io.peerage.policy.catalog.Catalog.content;
import static io.peerage.policy.catalog.Catalog.evaluate;
import static io.peerage.policy.catalog.Catalog.peer;
import static io.peerage.policy.catalog.Catalog.shipped;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.policy.PolicyEvaluation;
import io.peerage.policy.Preference;
import org.junit.jupiter.api.Test;

/** {@code rules/network.drl}: the child's ISP first, then its country, then its region. */
class NetworkRulesTest {

    static final String ISP = "Prefer parents on the child's ISP";
    static final String COUNTRY = "Prefer parents in the child's country";
    static final String REGION = "Prefer parents in the child's region";

    private final Catalog.Node child = peer("child-1").at("telco-a", "DE", "berlin");

    @Test
    void a_parent_on_the_childs_isp_in_its_region_gets_all_three_preferences() {
        PolicyEvaluation evaluation =
                evaluate(shipped(), child, content("match-1"), peer("peer-2").at("telco-a", "DE", "berlin"));

        assertThat(evaluation.rejectionsOf("peer-2")).isEmpty();
        assertThat(evaluation.preferencesOf("peer-2"))
                .containsExactlyInAnyOrder(
                        new Preference("same-isp", ISP, 12, "peer-2 is on the same ISP as child-1 (telco-a)"),
                        new Preference("same-country", COUNTRY, 6, "peer-2 is in the same country as child-1 (DE)"),
                        new Preference("same-region", REGION, 3, "peer-2 is in the same region as child-1 (berlin)"));
    }

    @Test
    void the_isp_alone_outweighs_country_and_region_together() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                child,
                content("match-1"),
                peer("same-isp-abroad").at("telco-a", "AT", "vienna"),
                peer("other-isp-nearby").at("telco-b", "DE", "berlin"));

        assertThat(evaluation.preferencesOf("same-isp-abroad"))
                .containsExactly(
                        new Preference("same-isp", ISP, 12, "same-isp-abroad is on the same ISP as child-1 (telco-a)"));
        assertThat(evaluation.preferencesOf("other-isp-nearby"))
                .containsExactlyInAnyOrder(
                        new Preference(
                                "same-country", COUNTRY, 6, "other-isp-nearby is in the same country as child-1 (DE)"),
                        new Preference(
                                "same-region",
                                REGION,
                                3,
                                "other-isp-nearby is in the same region as child-1 (berlin)"));
        assertThat(weight(evaluation, "same-isp-abroad")).isGreaterThan(weight(evaluation, "other-isp-nearby"));
    }

    @Test
    void the_same_country_in_another_region_gets_only_the_country_preference() {
        PolicyEvaluation evaluation =
                evaluate(shipped(), child, content("match-1"), peer("peer-3").at("telco-b", "DE", "munich"));

        assertThat(evaluation.preferencesOf("peer-3"))
                .containsExactly(
                        new Preference("same-country", COUNTRY, 6, "peer-3 is in the same country as child-1 (DE)"));
    }

    @Test
    void a_parent_elsewhere_gets_no_network_preference_and_is_not_rejected() {
        PolicyEvaluation evaluation =
                evaluate(shipped(), child, content("match-1"), peer("peer-4").at("telco-c", "FR", "berlin"));

        assertThat(evaluation.preferencesOf("peer-4")).isEmpty();
        assertThat(evaluation.rejectionsOf("peer-4")).isEmpty();
    }

    @Test
    void nothing_is_preferred_when_the_child_does_not_say_where_it_is() {
        PolicyEvaluation evaluation = evaluate(
                shipped(), peer("child-2"), content("match-1"), peer("peer-5").at("", "", ""));

        assertThat(evaluation.preferencesOf("peer-5")).isEmpty();
    }

    private static int weight(PolicyEvaluation evaluation, String candidate) {
        return evaluation.preferencesOf(candidate).stream()
                .mapToInt(Preference::weight)
                .sum();
    }
}
