package io.peerage.policy;

import java.util.List;
import java.util.Map;

/**
 * What the rules said about one request: rejections and preferences per candidate id, and denials of the whole
 * request, under one policy version.
 */
public record PolicyEvaluation(
        int policyVersion,
        Map<String, List<Reason>> rejections,
        Map<String, List<Preference>> preferences,
        List<Reason> denials) {

    public List<Reason> rejectionsOf(String candidateId) {
        return rejections.getOrDefault(candidateId, List.of());
    }

    public List<Preference> preferencesOf(String candidateId) {
        return preferences.getOrDefault(candidateId, List.of());
    }
}
