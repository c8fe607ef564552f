package io.peerage.policy.catalog;

import static io.peerage.policy.catalog.Catalog.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.peerage.policy.PolicyKind;
import io.peerage.policy.RuleMetadata;
import io.peerage.policy.Strictness;
import org.junit.jupiter.api.Test;

/** The catalog as docs/policy-catalog.md lists it: every rule with its file, kind, strictness, rank and code. */
class CatalogTableTest {

    @Test
    void every_catalog_rule_declares_what_the_catalog_says() {
        assertThat(shipped().rules().values())
                .filteredOn(rule ->
                        !rule.file().equals("compatibility.drl") && !rule.file().equals("classification.drl"))
                .extracting(
                        RuleMetadata::file,
                        RuleMetadata::name,
                        RuleMetadata::kind,
                        RuleMetadata::strictness,
                        RuleMetadata::rank,
                        RuleMetadata::code)
                .containsExactlyInAnyOrder(
                        row("network.drl", NetworkRulesTest.ISP, PolicyKind.NETWORK, Strictness.SOFT, 60, "same-isp"),
                        row(
                                "network.drl",
                                NetworkRulesTest.COUNTRY,
                                PolicyKind.NETWORK,
                                Strictness.SOFT,
                                61,
                                "same-country"),
                        row(
                                "network.drl",
                                NetworkRulesTest.REGION,
                                PolicyKind.NETWORK,
                                Strictness.SOFT,
                                62,
                                "same-region"),
                        row(
                                "provider.drl",
                                ProviderRulesTest.GEO,
                                PolicyKind.PROVIDER,
                                Strictness.HARD,
                                1,
                                "geo-blocked"),
                        row(
                                "provider.drl",
                                ProviderRulesTest.AGE,
                                PolicyKind.PROVIDER,
                                Strictness.HARD,
                                1,
                                "age-rated"),
                        row(
                                "provider.drl",
                                ProviderRulesTest.PREMIUM,
                                PolicyKind.PROVIDER,
                                Strictness.SOFT,
                                40,
                                "congestion-premium"),
                        row(
                                "provider.drl",
                                ProviderRulesTest.FREE,
                                PolicyKind.PROVIDER,
                                Strictness.SOFT,
                                41,
                                "congestion-free"),
                        row(
                                "provider.drl",
                                ProviderRulesTest.AUDIO,
                                PolicyKind.PROVIDER,
                                Strictness.SOFT,
                                42,
                                "congestion-audio"),
                        row(
                                "provider.drl",
                                ProviderRulesTest.AD_SUPPORTED,
                                PolicyKind.PROVIDER,
                                Strictness.SOFT,
                                43,
                                "congestion-ad-supported"),
                        row(
                                "provider.drl",
                                ProviderRulesTest.CDN,
                                PolicyKind.PROVIDER,
                                Strictness.SOFT,
                                44,
                                "prefer-cdn"),
                        row(
                                "provider.drl",
                                ProviderRulesTest.PEERS,
                                PolicyKind.PROVIDER,
                                Strictness.SOFT,
                                45,
                                "prefer-peers"),
                        row("client.drl", ClientRulesTest.QUIET, PolicyKind.CLIENT, Strictness.HARD, 8, "quiet-hours"),
                        row(
                                "client.drl",
                                ClientRulesTest.DEVICES,
                                PolicyKind.CLIENT,
                                Strictness.HARD,
                                5,
                                "device-not-served"),
                        row(
                                "client.drl",
                                ClientRulesTest.CATEGORIES,
                                PolicyKind.CLIENT,
                                Strictness.HARD,
                                5,
                                "category-refused"),
                        row(
                                "client.drl",
                                ClientRulesTest.STRANGERS,
                                PolicyKind.CLIENT,
                                Strictness.HARD,
                                5,
                                "stranger-refused"),
                        row(
                                "client.drl",
                                ClientRulesTest.AFFINITY,
                                PolicyKind.CLIENT,
                                Strictness.SOFT,
                                30,
                                "affinity-group"));
    }

    @Test
    void every_catalog_rule_has_a_label_and_a_description() {
        assertThat(shipped().rules().values())
                .filteredOn(rule ->
                        !rule.file().equals("compatibility.drl") && !rule.file().equals("classification.drl"))
                .allSatisfy(rule -> {
                    assertThat(rule.label()).as(rule.name()).isNotEqualTo(rule.code());
                    assertThat(rule.description()).as(rule.name()).isNotBlank();
                });
    }

    private static org.assertj.core.groups.Tuple row(
            String file, String rule, PolicyKind kind, Strictness strictness, int rank, String code) {
        return tuple(file, rule, kind, strictness, rank, code);
    }
}
