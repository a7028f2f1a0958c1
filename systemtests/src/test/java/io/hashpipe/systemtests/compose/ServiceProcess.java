package io.hashpipe.systemtests.compose;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One hashpipe command in a child JVM, started the way a compose container starts it: the command line
 * and the environment variables (HASHPIPE_*), nothing else. {@link #close()} sends SIGTERM, as
 * {@code docker compose stop} does.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int managementPort;

    private ServiceProcess(String name, Process process, Path log, int managementPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.managementPort = managementPort;
    }

    /** Starts {@code args} with {@code env} (and none of this JVM's HASHPIPE_ variables), logging to {@code logDir}. */
    public static ServiceProcess start(String name, List<String> args, Map<String, String> env, Path logDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.hashpipe.launcher.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("HASHPIPE_"));
        builder.environment().putAll(env);
        Path log = logDir.resolve(name + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        int port = Integer.parseInt(env.getOrDefault("HASHPIPE_MANAGEMENT_PORT", "0"));
        return new ServiceProcess(name, builder.start(), log, port);
    }

    /** GET {@code path} on the management port: the status and body, or status -1 when nothing answers yet. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** The process's output so far, for failure messages. */
    public String output() {
        try {
            return name + " output:\n" + Files.readString(log);
        } catch (IOException e) {
            return name + " output unreadable: " + e;
        }
    }

    /** SIGKILL: no shutdown hook, no drain, as a crash or an OOM killer ends a process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
