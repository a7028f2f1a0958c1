package io.hashpipe.saver.testing;

import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A saver in a JVM of its own, for the crash test: {@code key=value} arguments are its settings. */
public final class SaverProcess {

    private SaverProcess() {
    }

    public static void main(String[] args) {
        Map<String, String> props = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            props.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Saver saver = new Saver(new SaverConfig(props), new SimpleMeterRegistry());
        Runtime.getRuntime().addShutdownHook(new Thread(saver::close));
        saver.start();
        try {
            while (!saver.awaitStopped(Duration.ofDays(1))) {
                // until a signal closes it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saver.throwIfFailed();
    }

    /** Starts {@link #main} in a child JVM on this JVM's class path, its output inherited. */
    public static Process start(Map<String, Object> props) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SaverProcess.class.getName()));
        props.forEach((k, v) -> command.add(k + "=" + v));
        return new ProcessBuilder(command).inheritIO().start();
    }
}
