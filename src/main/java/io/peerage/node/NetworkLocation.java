package io.peerage.node;

import io.peerage.validation.CountryCode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** Where a node sits in the network and on the map. Every field is optional; locality ranking uses what is there. */
public record NetworkLocation(
        @Size(max = 45) String ip,
        @PositiveOrZero @Max(4294967295L) Long asn,
        @Size(max = 100) String isp,
        @CountryCode String country,
        @Size(max = 100) String region,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        NatType natType) {

    public static final NetworkLocation UNKNOWN = new NetworkLocation(null, null, null, null, null, null, null, null);

    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }

    /** Great-circle distance in kilometres, or empty when either side has no coordinates. */
    public java.util.OptionalDouble distanceKmTo(NetworkLocation other) {
        if (!hasCoordinates() || !other.hasCoordinates()) {
            return java.util.OptionalDouble.empty();
        }
        double lat1 = Math.toRadians(latitude);
        double lat2 = Math.toRadians(other.latitude);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return java.util.OptionalDouble.of(6371.0 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a)));
    }
}
