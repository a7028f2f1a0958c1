package io.hashpipe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashpipe.common.Json;
import io.hashpipe.common.Task;
import io.hashpipe.producer.TaskFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks of one cost, the same for every strategy of a run. With {@code --reuse-tasks} they are recorded
 * in a file ({@code <out>/tasks/cost-<D>.jsonl}, one task JSON a line) the first time and read back on later
 * runs, so that repeated runs hash the same passwords.
 */
public final class TaskSet {

    private TaskSet() {
    }

    /**
     * {@code count} tasks at {@code cost}: from {@code recordDir} when it holds at least that many (the first
     * {@code count}), otherwise new ones, recorded there when {@code recordDir} is not null.
     */
    public static List<Task> of(int cost, int count, Path recordDir) {
        Path file = recordDir == null ? null : recordDir.resolve("cost-" + cost + ".jsonl");
        try {
            if (file != null && Files.exists(file)) {
                List<Task> recorded = read(file);
                if (recorded.size() >= count) {
                    return List.copyOf(recorded.subList(0, count));
                }
            }
            TaskFactory factory = new TaskFactory(cost);
            List<Task> tasks = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                tasks.add(factory.next());
            }
            if (file != null) {
                write(file, tasks);
            }
            return List.copyOf(tasks);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or record the tasks in " + file + ": " + e.getMessage()
                    + "; check the directory's permissions, or run without --reuse-tasks", e);
        }
    }

    /** The tasks with their ids prefixed by {@code namespace}, so that one database can hold several runs apart. */
    public static List<Task> inNamespace(List<Task> tasks, String namespace) {
        return tasks.stream().map(t -> new Task(namespace + "-" + t.id(), t.password(), t.difficulty(), t.createdAt())).toList();
    }

    private static List<Task> read(Path file) throws IOException {
        ObjectMapper mapper = Json.mapper();
        List<Task> tasks = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                tasks.add(mapper.readValue(line, Task.class));
            }
        }
        return tasks;
    }

    private static void write(Path file, List<Task> tasks) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder();
        tasks.forEach(t -> text.append(Json.toString(t)).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
