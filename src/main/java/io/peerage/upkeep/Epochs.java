package io.peerage.upkeep;

import io.peerage.swarm.Assignment;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.List;

/**
 * A node's epoch: a text that changes whenever anything the node takes part in changes (an allocation starts, ends or
 * is revised, as child or as parent), compared for equality only. It is the service's start (unique across restarts)
 * and an order-independent 64-bit hash of the node's live allocations with their revisions: computed from memory at
 * each heartbeat, stored nowhere.
 */
@ApplicationScoped
public class Epochs {

    private final String start;

    Epochs() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        long salt = ((random[0] & 0xFFL) << 24)
                | ((random[1] & 0xFFL) << 16)
                | ((random[2] & 0xFFL) << 8)
                | (random[3] & 0xFFL);
        this.start = Long.toString(System.currentTimeMillis(), 36) + Long.toString(salt, 36);
    }

    /** The epoch of a node taking part in these allocations. */
    public String of(List<Assignment> asChild, List<Assignment> asParent) {
        return start + "." + Long.toHexString(hash(asChild, asParent));
    }

    static long hash(List<Assignment> asChild, List<Assignment> asParent) {
        long sum = 0;
        for (Assignment assignment : asChild) {
            sum += mix(assignment, 0x51);
        }
        for (Assignment assignment : asParent) {
            sum += mix(assignment, 0xA3);
        }
        return sum;
    }

    /** FNV-1a over the id, the revision and the role, then a final avalanche: summed, order does not matter. */
    private static long mix(Assignment assignment, int role) {
        long h = 0xcbf29ce484222325L;
        String id = assignment.id();
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ assignment.revision()) * 0x100000001b3L;
        h = (h ^ role) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
