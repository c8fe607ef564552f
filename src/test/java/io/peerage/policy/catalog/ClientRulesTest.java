package io.peerage.policy.catalog;

import static io.peerage.policy.catalog.Catalog.content;
import static io.peerage.policy.catalog.Catalog.evaluate;
import static io.peerage.policy.catalog.Catalog.peer;
import static io.peerage.policy.catalog.Catalog.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.peerage.content.Category;
import io.peerage.node.Device;
import io.peerage.policy.PolicyEvaluation;
import io.peerage.policy.PolicyKind;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import io.peerage.policy.Strictness;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** {@code rules/client.drl}: when a node serves, whom and what, as its owner declared it. */
class ClientRulesTest {

    static final String QUIET = "A node does not serve during its quiet hours";
    static final String DEVICES = "A node serves only the devices it lists";
    static final String CATEGORIES = "A node does not serve the categories it refuses";
    static final String STRANGERS = "A node that refuses strangers serves only its own and its groups";
    static final String AFFINITY = "Members of an affinity group prefer each other";

    // Catalog.NOW is 10:30 UTC: 11:30 in Berlin, 05:30 in New York.

    @Test
    void a_node_in_its_quiet_hours_in_its_own_time_zone_is_rejected() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1"),
                content("match-1"),
                peer("office-1").timeZone("Europe/Berlin").quietHours("09:00", "17:00"));

        assertThat(rejections(evaluation, "office-1"))
                .containsExactly(tuple(
                        "quiet-hours",
                        QUIET,
                        PolicyKind.CLIENT,
                        Strictness.HARD,
                        "office-1 does not serve during its quiet hours, 09:00-17:00 Europe/Berlin"));
    }

    @Test
    void a_node_outside_its_quiet_hours_serves() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1"),
                content("match-1"),
                peer("office-ny").timeZone("America/New_York").quietHours("09:00", "17:00"),
                peer("office-utc").quietHours("11:00", "12:00"));

        assertThat(evaluation.rejectionsOf("office-ny")).as("05:30 in New York").isEmpty();
        assertThat(evaluation.rejectionsOf("office-utc"))
                .as("10:30 UTC, the default zone")
                .isEmpty();
    }

    @Test
    void quiet_hours_may_wrap_midnight() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1"),
                content("match-1"),
                peer("night-owl").timeZone("Asia/Tokyo").quietHours("18:00", "08:00"),
                peer("early-bird").timeZone("Asia/Tokyo").quietHours("22:00", "06:00"));

        assertThat(rejections(evaluation, "night-owl"))
                .extracting(tuple -> tuple.toList().get(4))
                .containsExactly("night-owl does not serve during its quiet hours, 18:00-08:00 Asia/Tokyo");
        assertThat(evaluation.rejectionsOf("early-bird")).as("19:30 in Tokyo").isEmpty();
    }

    @Test
    void a_node_serves_only_the_devices_it_lists() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1").device(Device.TV),
                content("match-1"),
                peer("phone-1").device(Device.MOBILE).servesOnly(Device.DESKTOP, Device.LAPTOP));

        assertThat(rejections(evaluation, "phone-1"))
                .containsExactly(tuple(
                        "device-not-served",
                        DEVICES,
                        PolicyKind.CLIENT,
                        Strictness.HARD,
                        "phone-1 serves only DESKTOP, LAPTOP devices, and child-1 is a TV"));
    }

    @Test
    void a_listed_device_and_a_node_without_a_list_are_served() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1").device(Device.DESKTOP),
                content("match-1"),
                peer("phone-1").device(Device.MOBILE).servesOnly(Device.DESKTOP),
                peer("desk-2"));

        assertThat(evaluation.rejectionsOf("phone-1")).isEmpty();
        assertThat(evaluation.rejectionsOf("desk-2")).isEmpty();
    }

    @Test
    void a_node_does_not_serve_a_category_it_refuses() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1"),
                content("match-1").category(Category.SPORTS),
                peer("peer-2").refuses(Category.SPORTS, Category.GAMING),
                peer("peer-3").refuses(Category.NEWS));

        assertThat(rejections(evaluation, "peer-2"))
                .containsExactly(tuple(
                        "category-refused",
                        CATEGORIES,
                        PolicyKind.CLIENT,
                        Strictness.HARD,
                        "peer-2 refuses to serve SPORTS content such as match-1"));
        assertThat(evaluation.rejectionsOf("peer-3")).isEmpty();
    }

    @Test
    void a_node_that_refuses_strangers_serves_only_its_owner_and_its_groups() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1").owner("bob").groups("chess-club"),
                content("match-1"),
                peer("phone-1").owner("alice").groups("family-smith").refusesStrangers());

        assertThat(rejections(evaluation, "phone-1"))
                .containsExactly(tuple(
                        "stranger-refused",
                        STRANGERS,
                        PolicyKind.CLIENT,
                        Strictness.HARD,
                        "phone-1 serves only its owner's nodes and its affinity groups, and child-1 is in neither"));
    }

    @Test
    void a_node_that_refuses_strangers_still_serves_its_owner_and_its_group() {
        PolicyEvaluation sameOwner = evaluate(
                shipped(),
                peer("desktop-1").owner("alice"),
                content("match-1"),
                peer("phone-1").owner("alice").refusesStrangers());
        PolicyEvaluation sameGroup = evaluate(
                shipped(),
                peer("laptop-9").owner("carol").groups("family-smith"),
                content("match-1"),
                peer("phone-1").owner("alice").groups("family-smith").refusesStrangers());
        PolicyEvaluation open = evaluate(
                shipped(),
                peer("child-1").owner("bob"),
                content("match-1"),
                peer("phone-2").owner("alice"));

        assertThat(sameOwner.rejectionsOf("phone-1")).isEmpty();
        assertThat(sameGroup.rejectionsOf("phone-1")).isEmpty();
        assertThat(open.rejectionsOf("phone-2"))
                .as("serves strangers by default")
                .isEmpty();
    }

    @Test
    void a_phone_may_serve_its_owners_desktop_and_nothing_else() {
        Catalog.Node phone = peer("phone-1")
                .device(Device.MOBILE)
                .owner("alice")
                .servesOnly(Device.DESKTOP)
                .refusesStrangers();

        assertThat(evaluate(shipped(), peer("desk-1").owner("alice"), content("match-1"), phone)
                        .rejectionsOf("phone-1"))
                .isEmpty();
        assertThat(evaluate(shipped(), peer("tablet-1").owner("alice").device(Device.TABLET), content("match-1"), phone)
                        .rejectionsOf("phone-1"))
                .extracting(Reason::code)
                .containsExactly("device-not-served");
        assertThat(evaluate(shipped(), peer("desk-2").owner("bob"), content("match-1"), phone)
                        .rejectionsOf("phone-1"))
                .extracting(Reason::code)
                .containsExactly("stranger-refused");
    }

    @Test
    void members_of_an_affinity_group_prefer_each_other() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1").groups("chess-club", "family-smith"),
                content("match-1"),
                peer("peer-2").groups("family-smith"),
                peer("peer-3").groups("football-fans"));

        assertThat(evaluation.preferencesOf("peer-2"))
                .containsExactly(new Preference(
                        "affinity-group", AFFINITY, 15, "peer-2 and child-1 are both in affinity group family-smith"));
        assertThat(evaluation.preferencesOf("peer-3")).isEmpty();
    }

    private static java.util.List<Tuple> rejections(PolicyEvaluation evaluation, String candidate) {
        return evaluation.rejectionsOf(candidate).stream()
                .map(r -> tuple(r.code(), r.rule(), r.policyKind(), r.strictness(), r.message()))
                .toList();
    }
}
