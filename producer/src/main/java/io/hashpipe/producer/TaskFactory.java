package io.hashpipe.producer;

import io.hashpipe.common.Task;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/** Makes tasks: a random UUID, a random lowercase password and the configured bcrypt cost. */
public final class TaskFactory {

    /** Length of every generated password. */
    public static final int PASSWORD_LENGTH = 10;

    private final SecureRandom random = new SecureRandom();
    private final int difficulty;

    public TaskFactory(int difficulty) {
        this.difficulty = difficulty;
    }

    /** A new task, created now. */
    public Task next() {
        return new Task(UUID.randomUUID().toString(), password(), difficulty, Instant.now());
    }

    private String password() {
        char[] letters = new char[PASSWORD_LENGTH];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(letters);
    }
}
