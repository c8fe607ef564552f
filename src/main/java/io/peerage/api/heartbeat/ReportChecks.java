package io.peerage.api.heartbeat;

import static io.peerage.node.HeartbeatReport.MAX_EPOCH;
import static io.peerage.node.HeartbeatReport.MAX_HOLDINGS;
import static io.peerage.node.HeartbeatReport.MAX_KBPS;
import static io.peerage.node.HeartbeatReport.MAX_RECEIVING;
import static io.peerage.node.HeartbeatReport.MAX_SENDING;
import static io.peerage.node.HeartbeatReport.MAX_STORAGE_MB;

import io.peerage.error.FieldError;
import io.peerage.node.HeartbeatReport;
import io.peerage.node.HeartbeatReport.Holding;
import io.peerage.node.HeartbeatReport.Reception;
import io.peerage.node.HeartbeatReport.Sending;
import io.peerage.node.NodeProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The checks of a heartbeat's report. {@link #valid} answers, without Bean Validation's cost, whether Bean Validation
 * and {@link #repeatedReceptions} would find nothing wrong: the constraints of {@link HeartbeatReport} written out as
 * code, with its bounds ({@code ReportChecksTest} holds both to the same answer). It only says yes or no: a report it
 * refuses goes to the REST resource, whose Bean Validation names every wrong field.
 */
public final class ReportChecks {

    private static final Pattern ID = Pattern.compile(NodeProfile.ID_PATTERN);

    private ReportChecks() {}

    /** One entry per parent of an allocation: two would leave it unclear which rate the parent delivers. */
    public static List<FieldError> repeatedReceptions(HeartbeatReport report) {
        if (report == null || report.receiving() == null) {
            return List.of();
        }
        return repeatedIn(report.receiving());
    }

    private static List<FieldError> repeatedIn(List<Reception> receiving) {
        Map<List<String>, Integer> firstIndex = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < receiving.size(); i++) {
            Reception reception = receiving.get(i);
            if (reception == null) {
                continue;
            }
            Integer first = firstIndex.putIfAbsent(List.of(reception.allocationId(), reception.parentId()), i);
            if (first != null) {
                errors.add(new FieldError(
                        "receiving[" + i + "]",
                        "repeats the allocation and parent of receiving[" + first + "]: report each parent once"));
            }
        }
        return errors;
    }

    /** True when the report (null: none sent) breaks none of its constraints and names each parent once. */
    public static boolean valid(HeartbeatReport report) {
        if (report == null) {
            return true;
        }
        return within(report.uplinkUsedKbps(), MAX_KBPS)
                && atLeastZero(report.sequence())
                && (report.seenEpoch() == null || report.seenEpoch().length() <= MAX_EPOCH)
                && fraction(report.cpuLoad())
                && within(report.freeStorageMb(), MAX_STORAGE_MB)
                && receiving(report.receiving())
                && sending(report.sending())
                && holdings(report.holdings());
    }

    private static boolean receiving(List<Reception> receiving) {
        if (!each(receiving, MAX_RECEIVING, ReportChecks::reception)) {
            return false;
        }
        return receiving == null
                || receiving.size() < 2
                || repeatedIn(receiving).isEmpty();
    }

    private static boolean reception(Reception reception) {
        return id(reception.allocationId())
                && id(reception.parentId())
                && reception.rateKbps() != null
                && within(reception.rateKbps(), MAX_KBPS)
                && atLeastZero(reception.bytes())
                && atLeastZero(reception.position());
    }

    private static boolean sending(List<Sending> sending) {
        return each(
                sending,
                MAX_SENDING,
                send -> id(send.allocationId())
                        && id(send.childId())
                        && send.rateKbps() != null
                        && within(send.rateKbps(), MAX_KBPS));
    }

    private static boolean holdings(List<Holding> holdings) {
        return each(
                holdings,
                MAX_HOLDINGS,
                holding -> id(holding.contentId()) && fraction(holding.fraction()) && atLeastZero(holding.position()));
    }

    /** {@code @Size(max) List<@NotNull @Valid T>}: null is valid; else at most {@code max} entries, each valid. */
    private static <T> boolean each(List<T> list, int max, Predicate<T> valid) {
        if (list == null) {
            return true;
        }
        if (list.size() > max) {
            return false;
        }
        for (T entry : list) {
            if (entry == null || !valid.test(entry)) {
                return false;
            }
        }
        return true;
    }

    /** {@code @NotNull @Pattern(ID_PATTERN)}. */
    private static boolean id(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** {@code @PositiveOrZero @Max(max)}; null is valid, as for Bean Validation. */
    private static boolean within(Long value, long max) {
        return value == null || value >= 0 && value <= max;
    }

    /** {@code @PositiveOrZero}; null is valid. */
    private static boolean atLeastZero(Long value) {
        return value == null || value >= 0;
    }

    /** {@code @DecimalMin("0") @DecimalMax("1")}, both inclusive; null is valid. */
    private static boolean fraction(Double value) {
        return value == null || value >= 0.0 && value <= 1.0;
    }
}
