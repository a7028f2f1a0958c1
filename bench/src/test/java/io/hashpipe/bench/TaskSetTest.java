package io.hashpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.hashpipe.common.Task;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSetTest {

    @Test
    void recordedTasksAreReusedByTheNextRun(@TempDir Path dir) {
        List<Task> first = TaskSet.of(8, 20, dir);

        assertEquals(first, TaskSet.of(8, 20, dir));
        assertEquals(first.subList(0, 5), TaskSet.of(8, 5, dir));
    }

    @Test
    void withoutARecordEveryRunMakesNewTasks() {
        assertNotEquals(TaskSet.of(8, 5, null), TaskSet.of(8, 5, null));
    }

    @Test
    void aLargerRunThanTheRecordMakesAndRecordsNewTasks(@TempDir Path dir) {
        List<Task> small = TaskSet.of(8, 5, dir);
        List<Task> large = TaskSet.of(8, 10, dir);

        assertNotEquals(small, large.subList(0, 5));
        assertEquals(large, TaskSet.of(8, 10, dir));
    }
}
