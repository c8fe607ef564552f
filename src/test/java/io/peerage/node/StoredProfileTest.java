package io.peerage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.content.Category;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Profiles stored before the serving preferences existed still read, with the defaults. */
class StoredProfileTest {

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void a_profile_stored_without_the_new_fields_reads_with_their_defaults() throws Exception {
        String stored = """
                {"id":"alice","kind":"CLIENT","implementation":"desktop-agent/5.0",
                 "capabilities":{"acceptsIncoming":true,"initiatesConnections":true,"canForward":true,
                                 "allowedSources":null},
                 "network":{"ip":null,"asn":64500,"isp":"telco-a","country":"DE","region":"berlin",
                            "latitude":null,"longitude":null,"natType":null},
                 "uplinkKbps":4000,"downlinkKbps":0,"subscription":"STANDARD","device":"DESKTOP",
                 "affinityGroups":[]}
                """;

        NodeProfile profile = json.readValue(stored, NodeProfile.class);

        assertThat(profile.timeZone()).isEqualTo("UTC");
        assertThat(profile.owner()).isNull();
        assertThat(profile.viewerAge()).isNull();
        assertThat(profile.serving()).isEqualTo(ServingPreferences.ANYTHING);
        assertThat(profile.serving().servesStrangers()).isTrue();
        assertThat(profile.serving().serves(Device.TV)).isTrue();
    }

    @Test
    void a_profile_with_the_new_fields_survives_a_round_trip() throws Exception {
        NodeProfile profile = new NodeProfile(
                        "phone-1",
                        NodeKind.CLIENT,
                        "mobile-agent/1.0",
                        Capabilities.FULL,
                        NetworkLocation.UNKNOWN,
                        1000L,
                        null,
                        Subscription.PREMIUM,
                        Device.MOBILE,
                        List.of("family"),
                        "Europe/Berlin",
                        "alice",
                        12,
                        new ServingPreferences(
                                List.of(Category.GAMING),
                                new QuietHours("22:00", "06:00"),
                                List.of(Device.DESKTOP),
                                false))
                .withDefaults("phone-1");

        assertThat(json.readValue(json.writeValueAsString(profile), NodeProfile.class))
                .isEqualTo(profile);
    }

    @Test
    void quiet_hours_include_their_start_exclude_their_end_and_may_wrap_midnight() {
        QuietHours office = new QuietHours("09:00", "17:00");
        QuietHours night = new QuietHours("22:00", "06:00");

        assertThat(office.contains(java.time.LocalTime.of(9, 0))).isTrue();
        assertThat(office.contains(java.time.LocalTime.of(16, 59))).isTrue();
        assertThat(office.contains(java.time.LocalTime.of(17, 0))).isFalse();
        assertThat(night.contains(java.time.LocalTime.of(23, 30))).isTrue();
        assertThat(night.contains(java.time.LocalTime.of(5, 59))).isTrue();
        assertThat(night.contains(java.time.LocalTime.of(6, 0))).isFalse();
        assertThat(night.contains(java.time.LocalTime.of(12, 0))).isFalse();
    }

    @Test
    void quiet_hours_read_every_valid_time_of_day_to_the_minute() {
        for (int minute = 0; minute < 24 * 60; minute++) {
            LocalTime time = LocalTime.of(minute / 60, minute % 60);
            // A window of one minute: it holds its first and last second, and nothing either side.
            QuietHours hours = new QuietHours(hhmm(time), hhmm(time.plusMinutes(1)));
            assertThat(hours.contains(time)).as("%s", hours).isTrue();
            assertThat(hours.contains(time.plusSeconds(59))).as("%s", hours).isTrue();
            assertThat(hours.contains(time.minusSeconds(1))).as("%s", hours).isFalse();
            assertThat(hours.contains(time.plusMinutes(1))).as("%s", hours).isFalse();
        }
    }

    @Test
    void quiet_hours_outside_the_validated_form_read_as_the_time_parser_reads_them() {
        assertThat(new QuietHours("12:00:45", "13:00").contains(LocalTime.of(12, 0, 30)))
                .isFalse();
        assertThatThrownBy(() -> new QuietHours("9:00", "17:00").contains(LocalTime.NOON))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> new QuietHours("24:00", "17:00").contains(LocalTime.NOON))
                .isInstanceOf(DateTimeParseException.class);
    }

    private static String hhmm(LocalTime time) {
        return String.format("%02d:%02d", time.getHour(), time.getMinute());
    }
}
