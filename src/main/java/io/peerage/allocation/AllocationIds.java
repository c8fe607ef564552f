package io.peerage.allocation;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Allocation ids: UUIDs of version 7 (RFC 9562), the time of the decision in milliseconds first, then 74 random bits.
 * The id is the primary key of the allocation and decision tables, which grow at the rate of allocations; ids that
 * grow with time are appended at the end of those indexes, where random ones land anywhere in them and make the
 * database read and split pages all over tables larger than its buffer pool. They stay as hard to guess as before
 * apart from their time.
 *
 * <p>The random bits come from a DRBG of the thread's own: the platform's shared source takes one lock for every
 * caller, which made it a point of contention under load, and a non-cryptographic generator would make the next ids of
 * a thread predictable from the last ones.
 */
public final class AllocationIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(AllocationIds::drbg);

    private AllocationIds() {}

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    public static String next(Instant decidedAt) {
        byte[] random = new byte[10];
        RANDOM.get().nextBytes(random);
        long millis = decidedAt.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long randomA = ((random[0] & 0xFFL) << 8 | (random[1] & 0xFFL)) & 0x0FFFL;
        long mostSignificant = millis << 16 | 0x7000L | randomA;
        long randomB = 0;
        for (int i = 2; i < 10; i++) {
            randomB = randomB << 8 | (random[i] & 0xFFL);
        }
        long leastSignificant = (randomB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
