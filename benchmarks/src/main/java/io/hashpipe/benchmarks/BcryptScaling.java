package io.hashpipe.benchmarks;

import java.security.SecureRandom;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * How bcrypt alone scales from 1 to N threads on this machine: the ceiling a hasher's "K threads deliver
 * K x the single-thread rate" target is measured against. Runs 1 then N threads, twice, each for a fixed
 * time, and prints hashes/s and the ratio.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.hashpipe.benchmarks.BcryptScaling [cost] [threads] [seconds]}
 */
public final class BcryptScaling {

    private BcryptScaling() {
    }

    public static void main(String[] args) throws InterruptedException {
        int cost = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        long nanos = (args.length > 2 ? Long.parseLong(args[2]) : 12) * 1_000_000_000L;
        for (int i = 0; i < 5; i++) { // warm-up: bcrypt compiled by C2 before any timing
            BCrypt.hashpw("warmupword", BCrypt.gensalt(cost));
        }
        for (int round = 0; round < 2; round++) {
            double one = rate(cost, 1, nanos);
            double many = rate(cost, threads, nanos);
            System.out.printf("cost %d: 1 thread %.2f hashes/s, %d threads %.2f hashes/s, ratio %.2f%n",
                    cost, one, threads, many, many / one);
        }
    }

    private static double rate(int cost, int threads, long nanos) throws InterruptedException {
        LongAdder hashes = new LongAdder();
        long start = System.nanoTime();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                SecureRandom random = new SecureRandom();
                while (System.nanoTime() - start < nanos) {
                    BCrypt.hashpw("abcdefghij", BCrypt.gensalt(cost, random));
                    hashes.increment();
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return hashes.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
