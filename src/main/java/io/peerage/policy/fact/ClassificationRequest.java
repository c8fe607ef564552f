package io.peerage.policy.fact;

/** A node being classified as it joins: classification rules mark it lightweight, with a reason. */
public final class ClassificationRequest {

    private final NodeFacts node;

    public ClassificationRequest(NodeFacts node) {
        this.node = node;
    }

    public NodeFacts getNode() {
        return node;
    }

    @Override
    public String toString() {
        return "Classification of " + node.getId();
    }
}
