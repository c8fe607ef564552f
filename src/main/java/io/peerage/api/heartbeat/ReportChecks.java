package io.peerage.api.heartbeat;

import io.peerage.error.FieldError;
import io.peerage.node.HeartbeatReport;
import io.peerage.node.NodeProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks of a heartbeat's report. {@link #valid} answers, without Bean Validation's cost, whether Bean Validation
 * and {@link #repeatedReceptions} would find nothing wrong: the constraints of {@link HeartbeatReport} written out as
 * code ({@code ReportChecksTest} holds both to the same answer). It only says yes or no: a report it refuses goes to the
 * REST resource, whose Bean Validation names every wrong field.
 */
public final class ReportChecks {

    private static final long MAX_KBPS = 100_000_000L;
    private static final long MAX_STORAGE_MB = 1_000_000_000_000L;
    private static final int MAX_RECEIVING = 256;
    private static final int MAX_SENDING = 1024;
    private static final int MAX_HOLDINGS = 1024;
    private static final int MAX_EPOCH = 100;
    private static final Pattern ID = Pattern.compile(NodeProfile.ID_PATTERN);

    private ReportChecks() {}

    /** One entry per parent of an allocation: two would leave it unclear which rate the parent delivers. */
    public static List<FieldError> repeatedReceptions(HeartbeatReport report) {
        if (report == null || report.receiving() == null) {
            return List.of();
        }
        return repeatedIn(report.receiving());
    }

    private static List<FieldError> repeatedIn(List<HeartbeatReport.Reception> receiving) {
        Map<List<String>, Integer> firstIndex = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < receiving.size(); i++) {
            HeartbeatReport.Reception reception = receiving.get(i);
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

    private static boolean receiving(List<HeartbeatReport.Reception> receiving) {
        if (receiving == null) {
            return true;
        }
        if (receiving.size() > MAX_RECEIVING) {
            return false;
        }
        for (HeartbeatReport.Reception reception : receiving) {
            if (reception == null
                    || !id(reception.allocationId())
                    || !id(reception.parentId())
                    || reception.rateKbps() == null
                    || !within(reception.rateKbps(), MAX_KBPS)
                    || !atLeastZero(reception.bytes())
                    || !atLeastZero(reception.position())) {
                return false;
            }
        }
        return receiving.size() < 2 || repeatedIn(receiving).isEmpty();
    }

    private static boolean sending(List<HeartbeatReport.Sending> sending) {
        if (sending == null) {
            return true;
        }
        if (sending.size() > MAX_SENDING) {
            return false;
        }
        for (HeartbeatReport.Sending send : sending) {
            if (send == null
                    || !id(send.allocationId())
                    || !id(send.childId())
                    || send.rateKbps() == null
                    || !within(send.rateKbps(), MAX_KBPS)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holdings(List<HeartbeatReport.Holding> holdings) {
        if (holdings == null) {
            return true;
        }
        if (holdings.size() > MAX_HOLDINGS) {
            return false;
        }
        for (HeartbeatReport.Holding holding : holdings) {
            if (holding == null
                    || !id(holding.contentId())
                    || !fraction(holding.fraction())
                    || !atLeastZero(holding.position())) {
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
