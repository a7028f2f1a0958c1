package io.hashpipe.saver.testing;

import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link Saver} running on a thread of its own, as the launcher runs it, with its own meter registry. */
public final class RunningSaver implements AutoCloseable {

    private final Saver saver;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private RunningSaver(Map<String, Object> props) {
        saver = new Saver(new SaverConfig(props), registry);
        thread = new Thread(() -> {
            try {
                saver.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "saver-under-test");
        thread.start();
    }

    public static RunningSaver start(Map<String, Object> props) {
        return new RunningSaver(props);
    }

    public SimpleMeterRegistry registry() {
        return registry;
    }

    /** The saver's readiness ({@link Saver#ready()}). */
    public boolean ready() {
        return saver.ready();
    }

    /** Whether the saver's API takes requests (part of its readiness). */
    public boolean apiAvailable() {
        return saver.apiAvailable();
    }

    /** A counter's value, 0 when it has not been registered. */
    public double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A gauge's value, NaN when it has not been registered. */
    public double gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    /** Closes the saver (waiting for its clean stop) and rethrows whatever {@code run()} threw. */
    @Override
    public void close() {
        saver.close();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the saver to stop", e);
        }
        if (thread.isAlive()) {
            throw new AssertionError("Saver.run() did not return after close()");
        }
        if (failure.get() != null) {
            throw new AssertionError("Saver.run() failed", failure.get());
        }
    }
}
