package io.peerage.policy.fact;

import io.peerage.content.Content;

/** A content as policy authors see it; enums as their names, such as {@code category == "SPORTS"}. */
public final class ContentFacts {

    private final Content content;

    public ContentFacts(Content content) {
        this.content = content;
    }

    public String getId() {
        return content.id();
    }

    /** {@code LIVE} or {@code FILE}. */
    public String getKind() {
        return content.kind().name();
    }

    public boolean isLive() {
        return "LIVE".equals(getKind());
    }

    /** {@code VIDEO} or {@code AUDIO}. */
    public String getMedia() {
        return content.media().name();
    }

    public int getBitrateKbps() {
        return content.bitrateKbps();
    }

    public String getMonetization() {
        return content.monetization().name();
    }

    public String getProvider() {
        return content.provider();
    }

    public String getCategory() {
        return content.category().name();
    }

    public String getTitle() {
        return content.title();
    }

    /** The minimum viewer age; 0 when anyone may watch. */
    public int getAgeRating() {
        return content.ageRating();
    }

    @Override
    public String toString() {
        return "Content " + getId();
    }
}
