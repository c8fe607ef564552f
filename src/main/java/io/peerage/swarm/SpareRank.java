package io.peerage.swarm;

/**
 * The order of holders in a holder index: spare uplink rounded down to its four most significant bits, so that two
 * ranks are at most an eighth of their value apart. A holder moves in the indexes only when its spare uplink crosses
 * a rank, not at every reservation: a CDN node that holds every content would otherwise move in every index each time
 * it is given a child.
 */
public final class SpareRank {

    private static final int EXACT_BELOW = 16;

    private SpareRank() {}

    /** The rank of a spare uplink: the lowest spare uplink of its rank. */
    public static long of(long spareKbps) {
        if (spareKbps < EXACT_BELOW) {
            return Math.max(0, spareKbps);
        }
        long step = Long.highestOneBit(spareKbps) >>> 3;
        return spareKbps & -step;
    }

    /** The most spare uplink a holder of the same rank can have. */
    public static long highestOfRank(long spareKbps) {
        if (spareKbps < EXACT_BELOW) {
            return Math.max(0, spareKbps);
        }
        return of(spareKbps) + (Long.highestOneBit(spareKbps) >>> 3) - 1;
    }
}
