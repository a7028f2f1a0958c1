package io.hashpipe.local;

import java.util.List;

/**
 * What each task of a run asks of its processor, in the words of the run's lines. A generated task carries a
 * password and a {@code difficulty}: bcrypt's cost, which other processors ignore (pbkdf2 reads its iterations
 * from a setting), so only bcrypt's lines say "at cost N"; the others name the processor and its settings. Tasks
 * from a file ({@code --from}) are the file's: their lines name the file and the processor.
 *
 * @param processor  the processor's name
 * @param difficulty the generated tasks' {@code difficulty} field
 * @param settings   the processor settings given, {@code key=value} each
 * @param source     the file the tasks come from ({@code stdin} for {@code -}), or null for generated tasks
 */
public record RunWorkload(String processor, int difficulty, List<String> settings, String source) {

    public RunWorkload {
        settings = List.copyOf(settings);
    }

    /** Generated tasks. */
    public RunWorkload(String processor, int difficulty, List<String> settings) {
        this(processor, difficulty, settings, null);
    }

    /** Whether the tasks are a file's lines rather than generated. */
    public boolean fromFile() {
        return source != null;
    }

    /** Whether the processor is bcrypt, whose cost the difficulty is. */
    public boolean bcrypt() {
        return processor.equals("bcrypt");
    }

    /**
     * One task, for "Measuring one ... on one core": {@code bcrypt at cost 8}, {@code pbkdf2 task (pbkdf2.iterations=2000)},
     * {@code sha256 task (the first of tasks.jsonl)}.
     */
    public String oneTask() {
        if (fromFile()) {
            return processor + " task (the first of " + source + (settings.isEmpty() ? "" : "; " + String.join(", ", settings)) + ")";
        }
        return bcrypt() ? "bcrypt at cost " + difficulty : processor + " task" + settingsText();
    }

    /**
     * The run's tasks, after their count in the summary: {@code at cost 8}, {@code of pbkdf2 (pbkdf2.iterations=2000)},
     * {@code from tasks.jsonl (sha256)}.
     */
    public String ofTasks() {
        if (fromFile()) {
            return "from " + source + " (" + processor + (settings.isEmpty() ? "" : ", " + String.join(", ", settings)) + ")";
        }
        return bcrypt() ? "at cost " + difficulty : "of " + processor + settingsText();
    }

    /** What one unit of the CPU-bound ideal is: a hash for bcrypt, a task for the others. */
    public String unit() {
        return bcrypt() ? "hash" : "task";
    }

    /** What a verified row is, for its line of the summary. */
    public String verifiedBy() {
        return bcrypt() ? "rows whose hash BCrypt.checkpw accepts for the task's password"
                : "rows whose output " + processor + "'s check accepts for the task's input";
    }

    private String settingsText() {
        return settings.isEmpty() ? "" : " (" + String.join(", ", settings) + ")";
    }
}
