package io.hashpipe.benchmarks;

import io.hashpipe.hasher.internals.FastBcrypt;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.Arrays;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Spring's and the fast bcrypt timed in alternation (Spring, fast, Spring, fast, ...) on one thread, in
 * thread CPU time, so that a shared machine's changing load hits both alike; prints the median CPU time of
 * each and the median of the per-pair ratios. A complement to the JMH benchmark, whose runs of one then the other a noisy machine
 * can skew.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.hashpipe.benchmarks.BcryptPairs [pairs] [cost...]}
 */
public final class BcryptPairs {

    /** Thread CPU time, not wall time: other processes' load does not count (their cache pressure still does). */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private BcryptPairs() {
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int[] costs = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {8, 10, 12};
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) { // warm-up: both compiled by C2 before any timing
            String salt = BCrypt.gensalt(4, random);
            if (!BCrypt.hashpw("warmup" + i, salt).equals(FastBcrypt.hashpw("warmup" + i, salt))) {
                throw new AssertionError("the two bcrypts differ for salt " + salt);
            }
        }
        System.out.printf("%-5s %6s %12s %12s %14s%n", "cost", "pairs", "spring cpu ms", "fast cpu ms", "spring/fast");
        for (int cost : costs) {
            double[] spring = new double[pairs];
            double[] fast = new double[pairs];
            double[] ratio = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                String salt = BCrypt.gensalt(cost, random);
                long t0 = CPU.getCurrentThreadCpuTime();
                String a = BCrypt.hashpw("abcdefghij", salt);
                long t1 = CPU.getCurrentThreadCpuTime();
                String b = FastBcrypt.hashpw("abcdefghij", salt);
                long t2 = CPU.getCurrentThreadCpuTime();
                if (!a.equals(b)) {
                    throw new AssertionError("the two bcrypts differ for salt " + salt);
                }
                spring[i] = (t1 - t0) / 1e6;
                fast[i] = (t2 - t1) / 1e6;
                ratio[i] = spring[i] / fast[i];
            }
            System.out.printf("%-5d %6d %12.2f %12.2f %14.3f%n", cost, pairs, median(spring), median(fast), median(ratio));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
