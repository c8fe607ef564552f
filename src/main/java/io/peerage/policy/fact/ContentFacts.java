package io.peerage.policy.fact;

import io.peerage.content.Content;
import io.peerage.policy.PolicySettings;
import io.peerage.policy.PolicySettings.ProviderSettings;
import java.util.List;

/**
 * A content as policy authors see it; enums as their names, such as {@code category == "SPORTS"}. What the policy
 * settings say about its provider ({@code blockedCountries}, {@code sourcePreference}) is filled in by the engine from
 * the settings of the policy set that evaluates the request.
 */
public final class ContentFacts {

    private final Content content;
    private final ProviderSettings provider;

    public ContentFacts(Content content) {
        this(content, ProviderSettings.NONE);
    }

    private ContentFacts(Content content, ProviderSettings provider) {
        this.content = content;
        this.provider = provider;
    }

    /** The same content with what the given settings say about its provider. */
    public ContentFacts settled(PolicySettings settings) {
        return new ContentFacts(content, settings.provider(content.provider()));
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

    public boolean isAudio() {
        return "AUDIO".equals(getMedia());
    }

    public int getBitrateKbps() {
        return content.bitrateKbps();
    }

    /** {@code PREMIUM}, {@code AD_SUPPORTED} or {@code FREE}. */
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

    /** Where the provider has not licensed this content (country codes, from the settings); empty when nowhere. */
    public List<String> getBlockedCountries() {
        return provider.blockedCountries();
    }

    /** Whether the content is not licensed in the given country. */
    public boolean isBlockedIn(String country) {
        return provider.blockedCountries().contains(country);
    }

    /** {@code PEERS}, {@code CDN} or {@code NONE}: where the provider wants parents to come from (settings). */
    public String getSourcePreference() {
        return provider.sourcePreference().name();
    }

    @Override
    public String toString() {
        return "Content " + getId();
    }
}
