package io.hashpipe.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code hashpipe hasher} running in a child JVM on the test's classpath, as a replica runs in
 * deployment: its own process, its own transactional id, talking to the broker over its socket.
 *
 * <p>Its output goes to a log file beside the test's other files, to read when a test fails.
 */
public final class HasherProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private HasherProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code hashpipe hasher} with {@code args} after the JVM options; its output goes to {@code dir/name.log}. */
    public static HasherProcess start(String name, Path dir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.hashpipe.launcher.Main", "hasher"));
        command.addAll(args);
        Path log = dir.resolve(name + ".log");
        Files.createDirectories(dir);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new HasherProcess(name, process, log);
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: the process stops at once, its open transaction and its group membership left behind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the hasher's shutdown hook commits what is done and leaves the group; waits for the exit. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not exit within 60 s of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    /** The process's whole output so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for the process to exit on its own; its exit code, or -1 after {@code seconds}. */
    public int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** The last lines of the process's output, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
