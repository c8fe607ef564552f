package io.peerage.node;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** A node's peer type with every reason that made it lightweight (none for a regular node). */
public record Classification(PeerType peerType, List<ClassificationReason> reasons) {

    public Classification {
        reasons = List.copyOf(reasons);
    }

    public static Classification regular() {
        return new Classification(PeerType.REGULAR, List.of());
    }

    @JsonIgnore
    public boolean isLightweight() {
        return peerType == PeerType.LIGHTWEIGHT;
    }

    /**
     * One reason for a classification.
     *
     * @param rule the rule that classified, or the engine check that did
     */
    public record ClassificationReason(String code, String rule, String message) {}
}
