package io.hashpipe.launcher.internals;

import java.security.SecureRandom;
import java.util.function.BinaryOperator;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Measures how long one bcrypt takes on one core of this machine, to compute the CPU-bound ideal that a
 * pipeline's wall time is compared with.
 */
public final class BcryptCalibration {

    private BcryptCalibration() {
    }

    /**
     * The mean time of one hash at {@code cost}, in nanoseconds, over at least {@code minSamples} hashes and at
     * least {@code minNanos} of hashing (after one warm-up hash).
     */
    public static double nanosPerHash(int cost, int minSamples, long minNanos) {
        return nanosPerHash(cost, minSamples, minNanos, BCrypt::hashpw);
    }

    /** As {@link #nanosPerHash(int, int, long)}, with {@code hashpw} (password, salt) -> hash as the bcrypt. */
    public static double nanosPerHash(int cost, int minSamples, long minNanos, BinaryOperator<String> hashpw) {
        SecureRandom random = new SecureRandom();
        hashpw.apply("warmupword", BCrypt.gensalt(cost, random));
        int samples = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            hashpw.apply("abcdefghij", BCrypt.gensalt(cost, random));
            samples++;
            elapsed = System.nanoTime() - start;
        } while (samples < minSamples || elapsed < minNanos);
        return elapsed / (double) samples;
    }
}
