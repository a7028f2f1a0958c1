package io.hashpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashpipe.common.Task;
import io.hashpipe.local.HashVerifier;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PythonAsyncTest {

    @Test
    void anInterpreterWithoutThePackagesIsNotUsedAndTheMessageSaysHowToGetThem() {
        assertTrue(PythonAsync.find("/nonexistent/python3").isEmpty());
        String why = PythonAsync.missing("/nonexistent/python3");
        assertTrue(why.contains("/nonexistent/python3") && why.contains("python3-bcrypt python3-aiohttp") && why.contains("--python"), why);
    }

    /** Runs where Debian's python3-bcrypt and python3-aiohttp are installed (CI's machine has them). */
    @Test
    void theClassicClientStoresEveryTaskOnceWithAHashOfItsPassword() throws Exception {
        PythonAsync python = PythonAsync.find("").orElse(null);
        assumeTrue(python != null, PythonAsync.missing(""));
        List<Task> tasks = TaskSet.inNamespace(TaskSet.of(4, 150, null), "python-test");
        try (BenchDatabase db = BenchDatabase.startLocal(BenchDatabase.settings(20, 100, 0))) {
            PythonAsync.Outcome outcome = python.run(tasks, db.uri());

            Map<String, Task> byId = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
            HashVerifier.Report report = HashVerifier.verify(byId, db.results(byId.keySet()));
            assertEquals(150, outcome.stored());
            assertEquals(150, python.stored.get());
            assertTrue(report.allVerified(150), report.toString());
            assertTrue(outcome.seconds() > 0, () -> "seconds " + outcome.seconds());
        }
    }
}
