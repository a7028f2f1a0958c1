package io.hashpipe.benchmarks;

import io.hashpipe.hasher.internals.FastBcrypt;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * One bcrypt on one thread, as a hasher worker runs it: Spring Security's {@code BCrypt.hashpw} and
 * {@link FastBcrypt#hashpw} (the {@code hasher.bcrypt.impl=fast} path), same password and salt, at the
 * costs the issue names.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BcryptBenchmark {

    @Param({"8", "10", "12"})
    int cost;

    private String salt;

    @Setup
    public void salt() {
        salt = BCrypt.gensalt(cost, new SecureRandom());
    }

    @Benchmark
    public String spring() {
        return BCrypt.hashpw("abcdefghij", salt);
    }

    @Benchmark
    public String fast() {
        return FastBcrypt.hashpw("abcdefghij", salt);
    }
}
