package io.hashpipe.hasher.internals;

import java.lang.reflect.Field;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Blowfish's initial P-array and S-boxes (the hexadecimal digits of pi), read from Spring's BCrypt once,
 * so that {@link FastBcrypt} starts from the very same state.
 */
final class Pi {

    /** The initial P-array, 18 words; never written. */
    static final int[] P = read("P_orig", 18);
    /** The initial S-boxes, 4 x 256 words; never written. */
    static final int[] S = read("S_orig", 1024);

    private Pi() {
    }

    private static int[] read(String field, int length) {
        try {
            Field f = BCrypt.class.getDeclaredField(field);
            f.setAccessible(true);
            int[] value = ((int[]) f.get(null)).clone();
            if (value.length != length) {
                throw new AssertionError("BCrypt." + field + " has " + value.length + " words, not " + length);
            }
            return value;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot read Blowfish's initial state from Spring's BCrypt." + field
                    + " (a Spring Security Crypto version without it?); use hasher.bcrypt.impl=spring", e);
        }
    }
}
