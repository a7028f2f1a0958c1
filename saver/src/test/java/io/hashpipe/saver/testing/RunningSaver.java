package io.hashpipe.saver.testing;

import io.hashpipe.common.Service;
import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;

/** A started {@link Saver}, as the launcher runs it, with its own meter registry. */
public final class RunningSaver implements AutoCloseable {

    private final Saver saver;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RunningSaver(Map<String, Object> props) {
        saver = new Saver(new SaverConfig(props), registry);
        saver.start();
    }

    public static RunningSaver start(Map<String, Object> props) {
        return new RunningSaver(props);
    }

    public SimpleMeterRegistry registry() {
        return registry;
    }

    /** The saver's state (RUNNING is ready). */
    public Service.State state() {
        return saver.state();
    }

    /** Whether the saver's API takes requests (WAITING while it does not). */
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

    /** Closes the saver (waiting for its clean stop) and rethrows whatever stopped it. */
    @Override
    public void close() {
        saver.close();
        if (saver.state() == Service.State.FAILED) {
            throw new AssertionError("The saver failed", saver.failure().orElseThrow());
        }
        if (saver.state() != Service.State.STOPPED) {
            throw new AssertionError("The saver did not stop after close(): " + saver.state());
        }
    }
}
