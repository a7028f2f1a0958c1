package io.hashpipe.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code hashpipe} command in a child JVM (the launcher's {@code Main} on this test's class path), its output
 * appended to a log file (or {@value #JAR_PROPERTY}'s jar, to measure another build), so that a fault is what it is for a user: SIGKILL ends the process, SIGTERM runs its
 * shutdown hook, and a restart is a new JVM.
 */
final class Child implements AutoCloseable {

    /** System property: a {@code hashpipe.jar} to run instead of this build's classes (to measure another version). */
    static final String JAR_PROPERTY = "hashpipe.chaos.jar";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String name;
    private final List<String> args;
    private final Path log;
    private final int managementPort;
    private Process process;

    private Child(String name, List<String> args, Path log, int managementPort) {
        this.name = name;
        this.args = args;
        this.log = log;
        this.managementPort = managementPort;
    }

    /** Starts {@code args} ({@code hasher --instance 0 ...}); {@code managementPort} 0 when it has none. */
    static Child start(String name, List<String> args, Path logDir, int managementPort) throws IOException {
        Child child = new Child(name, args, logDir.resolve(name + ".log"), managementPort);
        child.launch();
        return child;
    }

    private void launch() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty(JAR_PROPERTY, "");
        List<String> command = new ArrayList<>(jar.isEmpty()
                // The launcher's logging, as a user gets it, not the tests' logback-test.xml on this class path.
                ? List.of(java, "-Xmx256m", "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
                        "io.hashpipe.launcher.Main")
                : List.of(java, "-Xmx256m", "-jar", jar));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("HASHPIPE_"));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
    }

    /** SIGKILL, as a crash or the OOM killer: no hook, no drain, no last commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** A new JVM with the same command line (the same --instance: the same static member and transactional id). */
    void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    /** SIGTERM; returns the seconds until the process exited, or -1 after {@code timeout}. */
    double terminate(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? (System.nanoTime() - start) / 1e9 : -1;
    }

    boolean alive() {
        return process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Whether the management endpoint answers {@code /health/ready} with 200. */
    boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The sum of the Prometheus samples named {@code metric} on the management endpoint, -1 when it does not answer. */
    double metric(String metric) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            double sum = 0;
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(answer.body());
            while (m.find()) {
                sum += Double.parseDouble(m.group(2));
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The process's output so far, for failure messages. */
    String output() {
        try {
            String text = Files.readString(log);
            return "--- " + name + " (" + log + ") ---\n" + (text.length() > 6_000 ? "..." + text.substring(text.length() - 6_000) : text);
        } catch (IOException e) {
            return name + ": " + e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && terminate(Duration.ofSeconds(30)) < 0) {
            kill();
        }
    }
}
