package io.peerage.policy;

/**
 * A policy set that would repair more live allocations than an unconfirmed activation may: nothing changed, and the
 * same change goes in with {@code ?confirm=true}.
 *
 * @param repairs live allocations the set forbids a parent of, which would be repaired
 * @param liveAllocations live allocations examined
 * @param share {@code repairs / liveAllocations}
 * @param maxShare the most an unconfirmed activation may repair ({@code peerage.repair.max-activation-share})
 */
public class ActivationRefusedException extends RuntimeException {

    private final int repairs;
    private final int liveAllocations;
    private final double share;
    private final double maxShare;

    public ActivationRefusedException(int repairs, int liveAllocations, double share, double maxShare) {
        this(
                "the new policies forbid a parent of " + repairs + " of " + liveAllocations + " live allocations ("
                        + percent(share) + "), more than the " + percent(maxShare)
                        + " an activation may repair unconfirmed (peerage.repair.max-activation-share); nothing"
                        + " changed. Maybe check the dry run, then send the same request with ?confirm=true",
                repairs,
                liveAllocations,
                share,
                maxShare);
    }

    private ActivationRefusedException(
            String message, int repairs, int liveAllocations, double share, double maxShare) {
        super(message);
        this.repairs = repairs;
        this.liveAllocations = liveAllocations;
        this.share = share;
        this.maxShare = maxShare;
    }

    /**
     * A set whose share could not be measured within the bound of heavy work (too many live pairs for one check, or
     * the check ran out of time): it goes in only confirmed, as one that repairs too much would.
     *
     * @param why what stopped the check, in words
     */
    public static ActivationRefusedException unmeasured(int liveAllocations, double maxShare, String why) {
        return new ActivationRefusedException(
                "the new policies could not be checked against the " + liveAllocations + " live allocations: " + why
                        + ". An activation that may repair more than " + percent(maxShare)
                        + " of them (peerage.repair.max-activation-share) needs confirming; nothing changed. Send"
                        + " the same request with ?confirm=true if the change is meant",
                -1,
                liveAllocations,
                Double.NaN,
                maxShare);
    }

    /** False when the check could not finish: {@link #repairs()} and {@link #share()} are then unknown (-1, NaN). */
    public boolean measured() {
        return repairs >= 0;
    }

    public int repairs() {
        return repairs;
    }

    public int liveAllocations() {
        return liveAllocations;
    }

    public double share() {
        return share;
    }

    public double maxShare() {
        return maxShare;
    }

    /** A share as a percentage with at most one decimal, such as {@code 33.3%}. */
    public static String percent(double share) {
        double tenths = Math.round(share * 1000) / 10.0;
        return (tenths == Math.rint(tenths) ? String.valueOf((long) tenths) : String.valueOf(tenths)) + "%";
    }
}
