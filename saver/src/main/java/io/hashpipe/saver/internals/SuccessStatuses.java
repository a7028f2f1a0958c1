package io.hashpipe.saver.internals;

import java.util.BitSet;
import java.util.Locale;

/**
 * The HTTP statuses that mean "stored", parsed from {@code saver.success.status}: a comma-separated list of
 * codes ({@code 200,201}) and classes ({@code 2xx}).
 *
 * <p>Immutable and thread-safe.
 */
public final class SuccessStatuses {

    /** The default: any 2xx. */
    public static final String ANY_2XX = "2xx";

    private final BitSet codes;
    private final String text;

    private SuccessStatuses(BitSet codes, String text) {
        this.codes = codes;
        this.text = text;
    }

    /**
     * Parses {@code spec}.
     *
     * @throws IllegalArgumentException when an entry is neither a code from 100 to 599 nor {@code 1xx}..{@code 5xx},
     *                                  or when the list names no 2xx status (a non-2xx answer is never a success)
     */
    public static SuccessStatuses parse(String spec) {
        BitSet codes = new BitSet(600);
        for (String entry : spec.split(",")) {
            String item = entry.strip().toLowerCase(Locale.ROOT);
            if (item.matches("[1-5]xx")) {
                int base = (item.charAt(0) - '0') * 100;
                codes.set(base, base + 100);
            } else if (item.matches("\\d{3}") && Integer.parseInt(item) >= 100 && Integer.parseInt(item) <= 599) {
                codes.set(Integer.parseInt(item));
            } else {
                throw new IllegalArgumentException("'" + entry.strip() + "' is neither an HTTP status (100..599) nor a class such as 2xx");
            }
        }
        if (codes.nextSetBit(0) < 200 || codes.previousSetBit(599) >= 300) {
            throw new IllegalArgumentException("success statuses must be 2xx codes: a 1xx is not an answer, and 3xx, 4xx and 5xx "
                    + "say the result was not stored");
        }
        return new SuccessStatuses(codes, spec.strip());
    }

    /** Whether {@code status} means the API stored the record. */
    public boolean success(int status) {
        return status >= 0 && status < 600 && codes.get(status);
    }

    @Override
    public String toString() {
        return text;
    }
}
