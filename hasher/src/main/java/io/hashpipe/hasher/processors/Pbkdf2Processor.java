package io.hashpipe.hasher.processors;

import io.hashpipe.api.BadInputException;
import io.hashpipe.api.Processor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.api.Task;
import io.hashpipe.api.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm;

/**
 * PBKDF2-HMAC-SHA256 of a task's {@code password} with a fresh 16-byte salt, through Spring Security's
 * {@link Pbkdf2PasswordEncoder}: a second built-in processor, CPU-heavy and checkable, whose records are not
 * bcrypt's. Input {@code {"password", "iterations"?}} (iterations {@value #MIN_ITERATIONS} to
 * {@value #MAX_ITERATIONS}, the setting {@value #ITERATIONS_SETTING} when absent, {@value #DEFAULT_ITERATIONS}
 * by default); output {@code {"hash", "iterations", "algorithm"}}, the hash being the encoder's hex of salt and
 * key. Other fields of the input (bcrypt's {@code difficulty}) are ignored, so the tasks {@code hashpipe run}
 * generates work as they are.
 */
public final class Pbkdf2Processor implements Processor {

    public static final String NAME = "pbkdf2";
    /** The setting ({@code --processor-setting pbkdf2.iterations=N}) for tasks without {@code iterations}. */
    public static final String ITERATIONS_SETTING = "pbkdf2.iterations";
    static final int MIN_ITERATIONS = 1_000;
    static final int MAX_ITERATIONS = 10_000_000;
    /** About 30 ms per task on one core of a 2020s machine. */
    static final int DEFAULT_ITERATIONS = 100_000;
    private static final int SALT_BYTES = 16;
    private static final int MAX_PASSWORD_BYTES = 4096;
    private static final SecretKeyFactoryAlgorithm ALGORITHM = SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256;

    private final Map<Integer, Pbkdf2PasswordEncoder> encoders = new ConcurrentHashMap<>();
    private volatile int defaultIterations = DEFAULT_ITERATIONS;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "PBKDF2-HMAC-SHA256 of the field password (iterations: the field, else " + ITERATIONS_SETTING + ", "
                + DEFAULT_ITERATIONS + "); output hash, iterations, algorithm; checked by hashing again";
    }

    @Override
    public void configure(ProcessorContext context) {
        String value = context.settings().get(ITERATIONS_SETTING);
        if (value == null) {
            return;
        }
        int iterations;
        try {
            iterations = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            iterations = -1;
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("Invalid value " + value + " for processor setting " + ITERATIONS_SETTING
                    + " (--processor-setting " + ITERATIONS_SETTING + "=N): must be a whole number from " + MIN_ITERATIONS
                    + " to " + MAX_ITERATIONS);
        }
        defaultIterations = iterations;
    }

    @Override
    public Map<String, Object> process(Task task) throws BadInputException {
        String password = password(task);
        int iterations = task.has("iterations") ? (int) task.integer("iterations", MIN_ITERATIONS, MAX_ITERATIONS) : defaultIterations;
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("hash", encoder(iterations).encode(password));
        output.put("iterations", iterations);
        output.put("algorithm", ALGORITHM.name());
        return output;
    }

    @Override
    public Verdict check(Task task, Map<String, Object> output) {
        if (!(output.get("hash") instanceof String hash)) {
            return Verdict.failed("no hash stored");
        }
        if (!(output.get("iterations") instanceof Integer iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            return Verdict.failed("no valid iterations stored: " + output.get("iterations"));
        }
        if (!ALGORITHM.name().equals(output.get("algorithm"))) {
            return Verdict.failed("algorithm " + output.get("algorithm") + " stored, expected " + ALGORITHM.name());
        }
        try {
            return encoder(iterations).matches(password(task), hash) ? Verdict.passed()
                    : Verdict.failed("the hash does not match the password");
        } catch (BadInputException | IllegalArgumentException e) {
            return Verdict.failed(e.getMessage());
        }
    }

    private static String password(Task task) throws BadInputException {
        String password = task.text("password");
        if (password.isEmpty()) {
            throw new BadInputException("field password is empty");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PASSWORD_BYTES) {
            throw new BadInputException("field password is " + bytes + " bytes in UTF-8: at most " + MAX_PASSWORD_BYTES);
        }
        return password;
    }

    private Pbkdf2PasswordEncoder encoder(int iterations) {
        return encoders.computeIfAbsent(iterations, n -> new Pbkdf2PasswordEncoder("", SALT_BYTES, n, ALGORITHM));
    }
}
