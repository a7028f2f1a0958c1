package io.hashpipe.hasher.processors;

import io.hashpipe.api.BadInputException;
import io.hashpipe.api.BatchingProcessor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.api.Task;
import io.hashpipe.api.Verdict;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Limits;
import io.hashpipe.hasher.internals.bcrypt.Bcrypt;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The reference processor and the default: bcrypt of a task's {@code password} at its {@code difficulty}.
 * Its tasks and results keep hashpipe's first JSON ({@code {"id","password","difficulty","createdAt"}} in,
 * {@code {"id","hash","difficulty","hashedAt","hashMicros","hasher"}} out), so that existing topics, the bench
 * and compose work as they did.
 *
 * <p>With {@code hasher.bcrypt.impl=fast} (the default) it hashes up to {@link Bcrypt#LANES} tasks of one cost
 * together, their Blowfish rounds interleaved on one thread; {@code hashMicros} is then each task's share of the
 * group's time. With {@code spring} it hashes with Spring Security's BCrypt one task at a time.
 */
public final class BcryptProcessor implements BatchingProcessor {

    /** Its name for {@code --processor}. */
    public static final String NAME = "bcrypt";
    /** The dead letters' error class for a task bcrypt cannot hash, as before processors existed. */
    public static final String INVALID_TASK = "InvalidTask";

    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(SecureRandom::new);
    private volatile boolean fast = true;
    private volatile int maxDifficulty = Limits.DEFAULT_MAX_DIFFICULTY;
    private volatile String instance = "";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "bcrypt of the field password at the cost difficulty (4 to max.difficulty); output hash, checked with BCrypt.checkpw";
    }

    @Override
    public void configure(ProcessorContext context) {
        String impl = context.settings().getOrDefault(Settings.BCRYPT_IMPL, Settings.BCRYPT_FAST);
        if (!impl.equals(Settings.BCRYPT_FAST) && !impl.equals(Settings.BCRYPT_SPRING)) {
            throw new IllegalArgumentException("Invalid value " + impl + " for " + Settings.BCRYPT_IMPL
                    + " (--bcrypt-impl): must be fast or spring");
        }
        fast = impl.equals(Settings.BCRYPT_FAST);
        maxDifficulty = Math.min(Limits.MAX_DIFFICULTY, Integer.parseInt(context.settings().getOrDefault(
                CommonConfigs.MAX_DIFFICULTY, Integer.toString(Limits.DEFAULT_MAX_DIFFICULTY))));
        instance = context.instance();
    }

    @Override
    public int maxBatch() {
        return fast ? Bcrypt.LANES : 1;
    }

    /** The cost; validates the whole task, so a bad one goes to the dead letters before it reaches a worker. */
    @Override
    public Object batchKey(Task task) throws BadInputException {
        password(task);
        return difficulty(task);
    }

    @Override
    public Map<String, Object> process(Task task) throws Exception {
        return processBatch(List.of(task)).get(0);
    }

    @Override
    public List<Map<String, Object>> processBatch(List<Task> tasks) throws BadInputException {
        List<String> passwords = new ArrayList<>(tasks.size());
        List<String> salts = new ArrayList<>(tasks.size());
        List<Integer> costs = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            int cost = difficulty(task);
            passwords.add(password(task));
            salts.add(BCrypt.gensalt(cost, random.get()));
            costs.add(cost);
        }
        long start = System.nanoTime();
        List<String> hashes = fast ? Bcrypt.hashpw(passwords, salts) : List.of(BCrypt.hashpw(passwords.get(0), salts.get(0)));
        long micros = TimeUnit.NANOSECONDS.toMicros((System.nanoTime() - start) / tasks.size());
        Instant now = Instant.now();
        List<Map<String, Object>> outputs = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("hash", hashes.get(i));
            output.put("difficulty", costs.get(i));
            output.put("hashedAt", now.toString());
            output.put("hashMicros", micros);
            output.put("hasher", instance);
            outputs.add(output);
        }
        return outputs;
    }

    @Override
    public Verdict check(Task task, Map<String, Object> output) {
        Object hash = output.get("hash");
        if (!(hash instanceof String stored)) {
            return Verdict.failed("no hash stored");
        }
        Object cost = task.input().get("difficulty");
        // $2a$ (Java's bcrypts) or $2b$ (the C one, from bench's python-async strategy), at the task's cost
        String problem = Limits.hashProblem("the hash", stored, cost instanceof Integer difficulty ? difficulty : null);
        if (problem != null) {
            return Verdict.failed(problem);
        }
        try {
            return BCrypt.checkpw(task.text("password"), stored) ? Verdict.passed()
                    : Verdict.failed("the hash does not match the password");
        } catch (BadInputException | IllegalArgumentException e) {
            return Verdict.failed(e.getMessage());
        }
    }

    private static String password(Task task) throws BadInputException {
        String password;
        try {
            password = task.text("password");
        } catch (BadInputException e) {
            throw invalid(e.getMessage());
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Limits.MAX_PASSWORD_BYTES) {
            throw invalid("field password is " + bytes + " bytes in UTF-8; bcrypt takes at most " + Limits.MAX_PASSWORD_BYTES);
        }
        if (password.indexOf('\0') >= 0) {
            // C bcrypt reads the password up to its first NUL: "a\0b" and "a\0c" would get the same hash there.
            throw invalid("field password contains U+0000 at " + password.indexOf('\0') + ": bcrypt implementations that read C strings stop there");
        }
        return password;
    }

    private int difficulty(Task task) throws BadInputException {
        Object value = task.input().get("difficulty");
        if (value == null) {
            throw invalid("missing field difficulty");
        }
        if (!(value instanceof Integer difficulty)) {
            throw invalid("field difficulty must be an integer from " + Limits.MIN_DIFFICULTY + " to " + maxDifficulty + ", got " + value);
        }
        if (!Limits.bcryptCost(difficulty)) {
            throw invalid("field difficulty " + difficulty + " is outside " + Limits.MIN_DIFFICULTY + ".." + Limits.MAX_DIFFICULTY);
        }
        if (difficulty > maxDifficulty) {
            throw invalid("field difficulty " + difficulty + " is above this hasher's " + CommonConfigs.MAX_DIFFICULTY + " "
                    + maxDifficulty + " (--max-difficulty, up to " + Limits.MAX_DIFFICULTY + "): each step doubles the work");
        }
        return difficulty;
    }

    private static BadInputException invalid(String reason) {
        return new BadInputException(INVALID_TASK, reason);
    }

    /** The stage settings bcrypt reads from its {@link ProcessorContext}. */
    public static final class Settings {
        /** Which bcrypt hashes: {@value #BCRYPT_FAST} or {@value #BCRYPT_SPRING} ({@code --bcrypt-impl}). */
        public static final String BCRYPT_IMPL = "hasher.bcrypt.impl";
        public static final String BCRYPT_FAST = "fast";
        public static final String BCRYPT_SPRING = "spring";

        private Settings() {
        }
    }
}
