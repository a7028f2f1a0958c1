package io.hashpipe.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.hashpipe.cli.ExitCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit code table ({@link ExitCode}) as a shell sees it: each code from a real {@code hashpipe} process,
 * stopped by real signals. The long-running command is dbapi on an in-memory H2: the cheapest service to start.
 */
class ExitCodesTest {

    @TempDir
    Path dir;

    @Test
    void aBadFlagExits2BeforeStartingAnything() throws Exception {
        Child child = Child.start(dir, "hasher", "--threads", "0", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(ExitCode.USAGE, child.awaitExit(), child::output);
        assertTrue(child.output().contains("--threads"), child::output);
    }

    @Test
    void aRuntimeFailureExits1WithTheMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Child child = Child.start(dir, "dbapi", "--port", String.valueOf(taken.getLocalPort()), "--jdbc-url", h2("exit1"));
            assertEquals(ExitCode.FAILED, child.awaitExit(), child::output);
            assertTrue(child.output().contains("hashpipe dbapi: failed: "), child::output);
        }
    }

    @Test
    void sigtermExits143AfterACleanStop() throws Exception {
        Child child = Child.start(dir, "dbapi", "--port", "0", "--jdbc-url", h2("exit143"));
        child.awaitOutput("dbapi listening");
        child.signal("TERM");
        assertEquals(ExitCode.SIGTERM, child.awaitExit(), child::output);
    }

    @Test
    void sigintExits130AfterACleanStop() throws Exception {
        // A process whose parent ignores SIGINT (a background job of a non-interactive shell) inherits that:
        // its Ctrl-C never arrives, so there is nothing to test.
        assumeFalse(Child.sigintIgnoredHere(), "SIGINT is ignored in this process tree");
        Child child = Child.start(dir, "dbapi", "--port", "0", "--jdbc-url", h2("exit130"));
        child.awaitOutput("dbapi listening");
        child.signal("INT");
        assertEquals(ExitCode.SIGINT, child.awaitExit(), child::output);
    }

    @Test
    void everyCommandsHelpShowsTheSameTable() {
        for (String[] command : new String[][] {{"--help"}, {"run", "--help"}, {"hasher", "--help"}, {"replay", "saver", "--help"},
            {"dead-letters", "list", "--help"}}) {
            String out = CliRun.execute(command).out();
            for (String line : new String[] {"0:", "1:", "2:", "130:", "143:", "SIGTERM"}) {
                assertTrue(out.contains(line), () -> String.join(" ", command) + " lacks " + line + ":\n" + out);
            }
        }
    }

    private static String h2(String name) {
        return "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    /** A {@code hashpipe} command in a child JVM, its output in a file. */
    private record Child(Process process, Path log) {

        static Child start(Path dir, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(List.of(args));
            Path log = Files.createTempFile(dir, "child", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("HASHPIPE_"));
            return new Child(builder.start(), log);
        }

        /** Whether this JVM ignores SIGINT (bit 2 of the SigIgn mask in /proc), which its children inherit. */
        static boolean sigintIgnoredHere() throws IOException {
            Path status = Path.of("/proc/self/status");
            if (!Files.exists(status)) {
                return true;
            }
            return Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
                    .map(line -> Long.parseLong(line.substring("SigIgn:".length()).strip(), 16))
                    .anyMatch(mask -> (mask & (1L << 1)) != 0);
        }

        void awaitOutput(String text) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast("the process exited before printing '" + text + "'", () -> !process.isAlive() && !output().contains(text))
                    .alias("'" + text + "' in the output").until(() -> output().contains(text));
        }

        void signal(String name) throws IOException, InterruptedException {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor());
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("still running after 60 s:\n" + output());
            }
            return process.exitValue();
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "unreadable: " + e;
            }
        }
    }
}
