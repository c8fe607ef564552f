package io.peerage.audit;

import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import java.util.List;

/**
 * One candidate of a decision: its verdict, every reason (relaxed ones included, marked as such), the preferences
 * rules gave it, and its score when it was ranked.
 *
 * @param note why an eligible candidate was not chosen, or null
 */
public record CandidateExplanation(
        String nodeId,
        String kind,
        String peerType,
        Verdict verdict,
        long spareUplinkKbps,
        long rateKbps,
        List<Reason> reasons,
        List<Preference> preferences,
        Score score,
        String note) {}
