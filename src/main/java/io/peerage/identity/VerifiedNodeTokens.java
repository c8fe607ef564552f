package io.peerage.identity;

import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Node tokens whose signature was already verified, so that a node's next calls with the same token skip the RSA
 * verification (most of a heartbeat's cost). An entry is the SHA-256 of the exact token (header, claims and
 * signature: a token that differs by one byte is another entry, and is verified in full), the node it names, when it
 * expires, and the node's membership it was verified under. It answers only while the token has not expired and that
 * very membership is online: a node that left, went SILENT or joined again has its token verified in full again.
 *
 * <p>Bounded by {@code peerage.nodes.verified-tokens} entries (about 200 bytes each): when full, expired and stale
 * entries are dropped (at most once a second); a token that still finds no room is verified in full at each call. The
 * node token key is read once at start, so a new key (a restart) starts with an empty cache.
 */
@ApplicationScoped
public class VerifiedNodeTokens {

    static final String SETTING = "peerage.nodes.verified-tokens";

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private final Swarm swarm;
    private final int capacity;
    private final Map<Digest, Verified> entries = new ConcurrentHashMap<>();
    private final AtomicLong lastPurge = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    VerifiedNodeTokens(Swarm swarm, @ConfigProperty(name = SETTING, defaultValue = "250000") int capacity) {
        if (capacity < 0) {
            throw new IllegalStateException(SETTING + " must be 0 (no cache) or more, not " + capacity);
        }
        this.swarm = swarm;
        this.capacity = capacity;
    }

    /** The SHA-256 of a token, as four longs (compared and hashed as a record). */
    record Digest(long a, long b, long c, long d) {
        static Digest of(String token) {
            ByteBuffer bytes = ByteBuffer.wrap(SHA256.get().digest(token.getBytes(StandardCharsets.ISO_8859_1)));
            return new Digest(bytes.getLong(), bytes.getLong(), bytes.getLong(), bytes.getLong());
        }
    }

    /** A verified token: the node it names, its expiry, and the membership it was verified under. */
    private record Verified(String nodeId, long expiresAtSecond, LiveNode membership) {}

    /** What a verified token says: its node and its expiry. */
    public record Claims(String nodeId, Instant expiresAt) {}

    /**
     * The node and expiry of this exact token, when it was verified before, has not expired at {@code now} and its
     * node is still online under the same membership; empty otherwise (verify it in full).
     */
    public Optional<Claims> lookup(String token, Instant now) {
        return lookup(token, now, true);
    }

    /**
     * As {@link #lookup}, for a caller that hands a token it does not find on to the full check, where the miss is
     * counted once.
     */
    public Optional<Claims> lookupBeforeFullCheck(String token, Instant now) {
        return lookup(token, now, false);
    }

    private Optional<Claims> lookup(String token, Instant now, boolean countMiss) {
        if (capacity == 0) {
            return Optional.empty();
        }
        Digest digest = Digest.of(token);
        Verified verified = entries.get(digest);
        if (verified == null) {
            if (countMiss) {
                misses.increment();
            }
            return Optional.empty();
        }
        if (now.getEpochSecond() >= verified.expiresAtSecond() || !current(verified)) {
            entries.remove(digest, verified);
            if (countMiss) {
                misses.increment();
            }
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(new Claims(verified.nodeId(), Instant.ofEpochSecond(verified.expiresAtSecond())));
    }

    /**
     * Remembers a token that was just verified in full, for its node's current membership; nothing when the node is
     * not online (a SILENT node's token is verified in full until it is back) or the cache is full.
     */
    public void remember(String token, String nodeId, Instant expiresAt, Instant now) {
        if (capacity == 0 || !expiresAt.isAfter(now)) {
            return;
        }
        Optional<LiveNode> online = swarm.node(nodeId);
        if (online.isEmpty()) {
            return;
        }
        if (entries.size() >= capacity && !purge(now)) {
            return;
        }
        entries.put(Digest.of(token), new Verified(nodeId, expiresAt.getEpochSecond(), online.get()));
    }

    /** Calls answered from memory, since start. */
    public long hitCount() {
        return hits.sum();
    }

    /** Calls that found no usable entry and went on to a full verification, since start. */
    public long missCount() {
        return misses.sum();
    }

    int size() {
        return entries.size();
    }

    private boolean current(Verified verified) {
        return swarm.node(verified.nodeId()).orElse(null) == verified.membership();
    }

    /** Drops expired and stale entries, at most once a second; true when there is room afterwards. */
    private boolean purge(Instant now) {
        long second = now.getEpochSecond();
        long last = lastPurge.get();
        if (second > last && lastPurge.compareAndSet(last, second)) {
            entries.values().removeIf(v -> second >= v.expiresAtSecond() || !current(v));
        }
        return entries.size() < capacity;
    }
}
