package io.hashpipe.benchmarks;

import io.hashpipe.hasher.internals.bcrypt.Bcrypt;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The bcrypts timed in alternation on one thread (Spring, then hashpipe's alone, 2 and 3 together, then
 * Spring again, ...), in thread CPU time, so that a shared machine's changing load hits them alike; prints
 * each one's median CPU time per hash (a group's divided by its size) and the median of its per-round
 * ratios to Spring. A complement to the JMH benchmark, whose runs of one then the other a noisy machine
 * can skew.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.hashpipe.benchmarks.BcryptPairs [rounds] [cost...]}
 */
public final class BcryptPairs {

    /** Thread CPU time, not wall time: other processes' load does not count (their cache pressure still does). */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final String PASSWORD = "abcdefghij";

    private BcryptPairs() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int[] costs = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {8, 10, 12};
        Map<String, BiFunction<Integer, SecureRandom, List<String>>> contenders = new LinkedHashMap<>();
        contenders.put("spring", (cost, random) -> List.of(BCrypt.hashpw(PASSWORD, BCrypt.gensalt(cost, random))));
        for (int lanes = 1; lanes <= Bcrypt.LANES; lanes++) {
            int n = lanes;
            contenders.put("kernel" + n, (cost, random) -> Bcrypt.hashpw(Collections.nCopies(n, PASSWORD), salts(n, cost, random)));
        }
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) { // warm-up: every one compiled by C2 before any timing, and checked against Spring
            for (var contender : contenders.entrySet()) {
                for (String hash : contender.getValue().apply(4, random)) {
                    if (!BCrypt.checkpw(PASSWORD, hash)) {
                        throw new AssertionError(contender.getKey() + " made a hash Spring does not accept: " + hash);
                    }
                }
            }
        }
        System.out.printf("%-5s %-8s %6s %14s %12s%n", "cost", "bcrypt", "rounds", "cpu ms/hash", "spring/it");
        for (int cost : costs) {
            Map<String, List<Double>> millis = new LinkedHashMap<>();
            Map<String, List<Double>> ratios = new LinkedHashMap<>();
            for (int i = 0; i < rounds; i++) {
                double spring = 0;
                for (var contender : contenders.entrySet()) {
                    long start = CPU.getCurrentThreadCpuTime();
                    int hashes = contender.getValue().apply(cost, random).size();
                    double perHash = (CPU.getCurrentThreadCpuTime() - start) / 1e6 / hashes;
                    spring = spring == 0 ? perHash : spring;
                    millis.computeIfAbsent(contender.getKey(), k -> new ArrayList<>()).add(perHash);
                    ratios.computeIfAbsent(contender.getKey(), k -> new ArrayList<>()).add(spring / perHash);
                }
            }
            for (String name : contenders.keySet()) {
                System.out.printf("%-5d %-8s %6d %14.2f %12.3f%n", cost, name, rounds, median(millis.get(name)), median(ratios.get(name)));
            }
        }
    }

    private static List<String> salts(int n, int cost, SecureRandom random) {
        List<String> salts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            salts.add(BCrypt.gensalt(cost, random));
        }
        return salts;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
