package io.peerage.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.node.Classification;
import io.peerage.support.Profiles;
import io.peerage.swarm.Swarm;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The cache of verified node tokens, as a plain unit: what it answers, for which exact token, and for how long. */
class VerifiedNodeTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant EXPIRES = NOW.plusSeconds(3600);
    private static final String TOKEN =
            "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJwZWVyYWdlIiwic3ViIjoibi0xIn0.c2lnbmF0dXJlLWJ5dGVz";

    private final Swarm swarm = new Swarm();
    private final VerifiedNodeTokens tokens = new VerifiedNodeTokens(swarm, 1000);

    private void online(String id) {
        swarm.join(Profiles.client(id, 1000), Classification.regular(), NOW);
    }

    @Test
    void a_remembered_token_answers_its_node_and_expiry_until_it_expires() {
        online("n-1");
        tokens.remember(TOKEN, "n-1", EXPIRES, NOW);

        assertThat(tokens.lookup(TOKEN, NOW)).contains(new VerifiedNodeTokens.Claims("n-1", EXPIRES));
        assertThat(tokens.lookup(TOKEN, EXPIRES.minusSeconds(1)))
                .contains(new VerifiedNodeTokens.Claims("n-1", EXPIRES));
        assertThat(tokens.lookup(TOKEN, EXPIRES)).isEmpty();
        // Dropped once seen expired.
        assertThat(tokens.size()).isZero();
    }

    @Test
    void a_token_that_differs_by_one_byte_anywhere_is_not_found() {
        online("n-1");
        tokens.remember(TOKEN, "n-1", EXPIRES, NOW);
        int payload = TOKEN.indexOf('.') + 5;
        int signature = TOKEN.lastIndexOf('.') + 7;
        record Case(String name, UnaryOperator<String> change) {}
        List<Case> cases = List.of(
                new Case("first byte of the header", t -> replaceAt(t, 0)),
                new Case("a byte of the claims", t -> replaceAt(t, payload)),
                new Case("a byte of the signature", t -> replaceAt(t, signature)),
                new Case("last byte", t -> replaceAt(t, t.length() - 1)),
                new Case("one byte more", t -> t + "A"),
                new Case("one byte less", t -> t.substring(0, t.length() - 1)),
                new Case("the claims of another token", t -> t.replace("bi0x", "bi0y")));
        for (Case c : cases) {
            String changed = c.change().apply(TOKEN);
            assertThat(changed).as(c.name()).isNotEqualTo(TOKEN);
            assertThat(tokens.lookup(changed, NOW)).as(c.name()).isEmpty();
        }
        assertThat(tokens.lookup(TOKEN, NOW)).isPresent();
    }

    @Test
    void a_node_that_left_went_silent_or_joined_again_has_its_token_verified_in_full_again() {
        record Case(String name, Runnable change) {}
        List<Case> cases = List.of(
                new Case("left", () -> swarm.leave("n-1")),
                new Case("went silent", () -> swarm.silence("n-1")),
                new Case("left and joined again", () -> {
                    swarm.leave("n-1");
                    online("n-1");
                }),
                new Case("went silent and came back", () -> {
                    swarm.silence("n-1");
                    online("n-1");
                }));
        for (Case c : cases) {
            online("n-1");
            tokens.remember(TOKEN, "n-1", EXPIRES, NOW);
            assertThat(tokens.lookup(TOKEN, NOW)).as(c.name()).isPresent();
            c.change().run();
            assertThat(tokens.lookup(TOKEN, NOW)).as(c.name()).isEmpty();
            swarm.leave("n-1");
        }
    }

    @Test
    void nothing_is_remembered_for_a_node_that_is_not_online_or_a_token_already_expired() {
        tokens.remember(TOKEN, "never-joined", EXPIRES, NOW);
        online("n-1");
        swarm.silence("n-1");
        tokens.remember(TOKEN, "n-1", EXPIRES, NOW);
        online("n-2");
        tokens.remember(TOKEN, "n-2", NOW, NOW);

        assertThat(tokens.size()).isZero();
        assertThat(tokens.lookup(TOKEN, NOW)).isEmpty();
    }

    @Test
    void a_full_cache_drops_expired_and_stale_entries_once_a_second_and_otherwise_remembers_nothing_more() {
        VerifiedNodeTokens two = new VerifiedNodeTokens(swarm, 2);
        online("a");
        online("b");
        online("c");
        two.remember("token-a", "a", EXPIRES, NOW);
        two.remember("token-b", "b", EXPIRES, NOW);
        two.remember("token-c", "c", EXPIRES, NOW);
        assertThat(two.lookup("token-c", NOW)).isEmpty();

        swarm.leave("a");
        // The purge of this second found nothing to drop; the next second's drops a's stale entry.
        two.remember("token-c", "c", EXPIRES, NOW);
        assertThat(two.lookup("token-c", NOW)).isEmpty();
        two.remember("token-c", "c", EXPIRES, NOW.plusSeconds(1));

        assertThat(two.size()).isEqualTo(2);
        assertThat(two.lookup("token-b", NOW)).contains(new VerifiedNodeTokens.Claims("b", EXPIRES));
        assertThat(two.lookup("token-c", NOW)).contains(new VerifiedNodeTokens.Claims("c", EXPIRES));
    }

    @Test
    void a_capacity_of_zero_caches_nothing() {
        VerifiedNodeTokens none = new VerifiedNodeTokens(swarm, 0);
        online("n-1");
        none.remember(TOKEN, "n-1", EXPIRES, NOW);

        assertThat(none.lookup(TOKEN, NOW)).isEqualTo(Optional.empty());
        assertThat(none.size()).isZero();
    }

    private static String replaceAt(String token, int index) {
        char c = token.charAt(index);
        return token.substring(0, index) + (c == 'A' ? 'B' : 'A') + token.substring(index + 1);
    }
}
