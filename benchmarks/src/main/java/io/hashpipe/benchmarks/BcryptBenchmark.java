package io.hashpipe.benchmarks;

import io.hashpipe.hasher.internals.bcrypt.Bcrypt;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * bcrypt on one thread, time per hash: Spring Security's {@code BCrypt.hashpw} ({@code --bcrypt-impl spring})
 * and hashpipe's {@link Bcrypt} ({@code --bcrypt-impl fast}) alone ({@code kernel1}) and with 2 or 3 hashes
 * of one cost interleaved ({@code kernel2}, {@code kernel3}: a group's time divided by its size, the share
 * of a core each hash takes), same password, at the costs the issue names.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BcryptBenchmark {

    private static final String PASSWORD = "abcdefghij";

    @Param({"8", "10", "12"})
    int cost;

    private String salt;
    private List<String> salts;

    @Setup
    public void salt() {
        SecureRandom random = new SecureRandom();
        salt = BCrypt.gensalt(cost, random);
        salts = List.of(BCrypt.gensalt(cost, random), BCrypt.gensalt(cost, random), BCrypt.gensalt(cost, random));
    }

    @Benchmark
    public String spring() {
        return BCrypt.hashpw(PASSWORD, salt);
    }

    @Benchmark
    public String kernel1() {
        return Bcrypt.hashpw(PASSWORD, salt);
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public List<String> kernel2() {
        return Bcrypt.hashpw(Collections.nCopies(2, PASSWORD), salts.subList(0, 2));
    }

    @Benchmark
    @OperationsPerInvocation(3)
    public List<String> kernel3() {
        return Bcrypt.hashpw(Collections.nCopies(3, PASSWORD), salts);
    }
}
