package io.peerage.policy.catalog;

import static io.peerage.policy.catalog.Catalog.CONGESTED;
import static io.peerage.policy.catalog.Catalog.cdn;
import static io.peerage.policy.catalog.Catalog.content;
import static io.peerage.policy.catalog.Catalog.evaluate;
import static io.peerage.policy.catalog.Catalog.peer;
import static io.peerage.policy.catalog.Catalog.shipped;
import static io.peerage.policy.catalog.Catalog.withSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.peerage.content.Monetization;
import io.peerage.node.Subscription;
import io.peerage.policy.PolicyEvaluation;
import io.peerage.policy.PolicyKind;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import io.peerage.policy.Strictness;
import org.junit.jupiter.api.Test;

/** {@code rules/provider.drl} with the shipped {@code rules/settings.json}. */
class ProviderRulesTest {

    static final String GEO = "Content is not served where it is not licensed";
    static final String AGE = "Age-rated content is not served to younger viewers";
    static final String PREMIUM = "Under congestion, premium subscribers get the better parents";
    static final String FREE = "Under congestion, free viewers get the other parents";
    static final String AUDIO = "Under congestion, audio goes before video";
    static final String AD_SUPPORTED = "Under congestion, ad-supported content goes before free content";
    static final String CDN = "Providers that want quality get CDN parents first";
    static final String PEERS = "Providers that want to cut hosting cost get peer parents first";

    // --- Geo-blocking -----------------------------------------------------------------------------------------------

    @Test
    void content_is_denied_in_a_country_its_provider_blocks_in_the_settings() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1").at("telco-c", "CN", "beijing"),
                content("match-1").provider("sportsnet"),
                peer("peer-2"));

        assertThat(evaluation.denials())
                .extracting(Reason::code, Reason::rule, Reason::policyKind, Reason::strictness, Reason::message)
                .containsExactly(tuple(
                        "geo-blocked",
                        GEO,
                        PolicyKind.PROVIDER,
                        Strictness.HARD,
                        "content match-1 is not licensed in CN"));
    }

    @Test
    void content_is_not_denied_where_it_is_licensed_nor_for_a_provider_without_a_list() {
        assertThat(evaluate(
                                shipped(),
                                peer("child-1").at("telco-d", "DE", "berlin"),
                                content("match-1").provider("sportsnet"),
                                peer("peer-2"))
                        .denials())
                .isEmpty();
        assertThat(evaluate(
                                shipped(),
                                peer("child-1").at("telco-c", "CN", "beijing"),
                                content("film-1").provider("unlisted-studio"),
                                peer("peer-2"))
                        .denials())
                .isEmpty();
        assertThat(evaluate(shipped(), peer("child-1"), content("match-1").provider("sportsnet"), peer("peer-2"))
                        .denials())
                .as("a child that does not say its country")
                .isEmpty();
    }

    @Test
    void a_changed_country_list_needs_no_rule_rewrite() {
        var policies = withSettings("""
                {"providers": {"sportsnet": {"blockedCountries": ["DE"]}}}
                """);
        PolicyEvaluation evaluation = evaluate(
                policies,
                peer("child-1").at("telco-d", "DE", "berlin"),
                content("match-1").provider("sportsnet"),
                peer("peer-2"));

        assertThat(evaluation.denials())
                .extracting(Reason::message)
                .containsExactly("content match-1 is not licensed in DE");
        assertThat(policies.checksum()).isNotEqualTo(shipped().checksum());
    }

    // --- Age rating -------------------------------------------------------------------------------------------------

    @Test
    void age_rated_content_is_denied_to_a_younger_viewer() {
        PolicyEvaluation evaluation = evaluate(
                shipped(), peer("child-1").viewerAge(15), content("film-1").ageRating(18), peer("peer-2"));

        assertThat(evaluation.denials())
                .extracting(Reason::code, Reason::rule, Reason::policyKind, Reason::strictness, Reason::message)
                .containsExactly(tuple(
                        "age-rated",
                        AGE,
                        PolicyKind.PROVIDER,
                        Strictness.HARD,
                        "content film-1 is rated 18+ and the viewer on child-1 is 15"));
    }

    @Test
    void age_rated_content_is_not_denied_when_old_enough_or_when_the_age_is_unknown() {
        assertThat(evaluate(
                                shipped(),
                                peer("child-1").viewerAge(18),
                                content("film-1").ageRating(18),
                                peer("peer-2"))
                        .denials())
                .isEmpty();
        assertThat(evaluate(shipped(), peer("child-1"), content("film-1").ageRating(18), peer("peer-2"))
                        .denials())
                .isEmpty();
    }

    // --- Congestion -------------------------------------------------------------------------------------------------

    @Test
    void under_congestion_a_premium_subscriber_ranks_the_better_parents_higher() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1").subscription(Subscription.PREMIUM),
                content("match-1"),
                CONGESTED,
                peer("good-peer").quality(0.9),
                cdn("cdn-1"),
                peer("weak-peer").quality(0.3));

        assertThat(evaluation.preferencesOf("good-peer"))
                .containsExactly(
                        new Preference(
                                "congestion-premium",
                                PREMIUM,
                                20,
                                "the swarm of match-1 is congested: premium subscriber child-1 gets the better parent good-peer"));
        assertThat(evaluation.preferencesOf("cdn-1"))
                .extracting(Preference::code)
                .containsExactly("congestion-premium");
        assertThat(evaluation.preferencesOf("weak-peer")).isEmpty();
    }

    @Test
    void without_congestion_a_premium_subscriber_gets_no_congestion_preference() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1").subscription(Subscription.PREMIUM),
                content("match-1"),
                peer("good-peer").quality(0.9));

        assertThat(evaluation.preferencesOf("good-peer")).isEmpty();
    }

    @Test
    void under_congestion_a_free_viewer_leaves_the_better_parents_to_paying_viewers() {
        PolicyEvaluation evaluation = evaluate(
                shipped(),
                peer("child-1").subscription(Subscription.FREE),
                content("match-1"),
                CONGESTED,
                peer("good-peer").quality(0.9),
                peer("weak-peer").quality(0.3));

        assertThat(evaluation.preferencesOf("good-peer"))
                .containsExactly(new Preference(
                        "congestion-free",
                        FREE,
                        -20,
                        "the swarm of match-1 is congested: the better parent good-peer is kept for paying viewers,"
                                + " so free viewer child-1 takes another first"));
        assertThat(evaluation.preferencesOf("weak-peer")).isEmpty();
        assertThat(evaluate(
                                shipped(),
                                peer("child-1").subscription(Subscription.STANDARD),
                                content("match-1"),
                                CONGESTED,
                                peer("good-peer").quality(0.9))
                        .preferencesOf("good-peer"))
                .as("a standard subscriber is neither favoured nor held back")
                .isEmpty();
    }

    @Test
    void under_congestion_audio_gets_the_better_parents_and_video_does_not() {
        PolicyEvaluation audio = evaluate(
                shipped(),
                peer("child-1"),
                content("radio-1").audio(),
                CONGESTED,
                peer("good-peer").quality(0.9));
        PolicyEvaluation video = evaluate(
                shipped(),
                peer("child-1"),
                content("match-1"),
                CONGESTED,
                peer("good-peer").quality(0.9));
        PolicyEvaluation calm = evaluate(
                shipped(),
                peer("child-1"),
                content("radio-1").audio(),
                peer("good-peer").quality(0.9));

        assertThat(audio.preferencesOf("good-peer"))
                .containsExactly(new Preference(
                        "congestion-audio",
                        AUDIO,
                        10,
                        "the swarm of radio-1 is congested and audio goes before video: good-peer is a better parent"));
        assertThat(video.preferencesOf("good-peer")).isEmpty();
        assertThat(calm.preferencesOf("good-peer")).isEmpty();
    }

    @Test
    void under_congestion_ad_supported_content_gets_the_better_parents_and_free_content_does_not() {
        PolicyEvaluation adSupported = evaluate(
                shipped(),
                peer("child-1"),
                content("show-1").monetization(Monetization.AD_SUPPORTED),
                CONGESTED,
                peer("good-peer").quality(0.9),
                peer("weak-peer").quality(0.2));
        PolicyEvaluation free = evaluate(
                shipped(),
                peer("child-1"),
                content("show-2").monetization(Monetization.FREE),
                CONGESTED,
                peer("good-peer").quality(0.9));

        assertThat(adSupported.preferencesOf("good-peer"))
                .containsExactly(new Preference(
                        "congestion-ad-supported",
                        AD_SUPPORTED,
                        5,
                        "the swarm of show-1 is congested and ad-supported content goes before free content:"
                                + " good-peer is a better parent"));
        assertThat(adSupported.preferencesOf("weak-peer")).isEmpty();
        assertThat(free.preferencesOf("good-peer")).isEmpty();
    }

    @Test
    void what_makes_a_better_parent_is_a_setting() {
        var policies = withSettings("""
                {"congestion": {"betterParentMinQuality": 0.2}}
                """);
        PolicyEvaluation evaluation = evaluate(
                policies,
                peer("child-1").subscription(Subscription.PREMIUM),
                content("match-1"),
                CONGESTED,
                peer("weak-peer").quality(0.3));

        assertThat(evaluation.preferencesOf("weak-peer"))
                .extracting(Preference::code)
                .containsExactly("congestion-premium");
    }

    // --- Source preference ------------------------------------------------------------------------------------------

    @Test
    void a_provider_that_wants_quality_gets_cdn_nodes_ranked_higher() {
        PolicyEvaluation evaluation = evaluate(
                shipped(), peer("child-1"), content("film-1").provider("cinema-plus"), cdn("cdn-1"), peer("peer-2"));

        assertThat(evaluation.preferencesOf("cdn-1"))
                .containsExactly(new Preference(
                        "prefer-cdn",
                        CDN,
                        30,
                        "provider cinema-plus prefers CDN sources for quality, and cdn-1 is a CDN node"));
        assertThat(evaluation.preferencesOf("peer-2")).isEmpty();
    }

    @Test
    void a_provider_that_wants_to_cut_cost_gets_peers_ranked_higher() {
        PolicyEvaluation evaluation = evaluate(
                shipped(), peer("child-1"), content("match-1").provider("sportsnet"), cdn("cdn-1"), peer("peer-2"));

        assertThat(evaluation.preferencesOf("peer-2"))
                .containsExactly(new Preference(
                        "prefer-peers",
                        PEERS,
                        10,
                        "provider sportsnet prefers peers to cut hosting cost, and peer-2 is a peer"));
        assertThat(evaluation.preferencesOf("cdn-1")).isEmpty();
    }

    @Test
    void a_provider_without_a_source_preference_gets_neither() {
        PolicyEvaluation evaluation =
                evaluate(shipped(), peer("child-1"), content("clip-1").provider("acme"), cdn("cdn-1"), peer("peer-2"));

        assertThat(evaluation.preferencesOf("cdn-1")).isEmpty();
        assertThat(evaluation.preferencesOf("peer-2")).isEmpty();
    }
}
