package io.hashpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The replay's per-second trace: records done, limit, requests open and overload answers, second by second. */
class SaverReplayReportTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void eachSecondHoldsWhatHappenedInItAndTheLimitAtItsEnd() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SaverReplayReport report = new SaverReplayReport(registry, "stored", "dead", "limit", "duration", "inflight", "requests");
        AtomicInteger limit = new AtomicInteger(4);
        AtomicInteger inFlight = new AtomicInteger(3);
        Gauge.builder("limit", limit, AtomicInteger::get).register(registry);
        Gauge.builder("inflight", inFlight, AtomicInteger::get).register(registry);
        Counter stored = Counter.builder("stored").tag("outcome", "stored").register(registry);
        Counter busy = Counter.builder("requests").tag("status", "503").register(registry);
        Counter tooMany = Counter.builder("requests").tag("status", "429").register(registry);
        Counter.builder("requests").tag("status", "200").register(registry).increment(500);

        long t0 = 7 * SECOND;
        report.sample(t0 - SECOND); // nothing done yet: the clock has not started
        stored.increment(10);
        report.sample(t0);
        stored.increment(90);
        limit.set(40);
        inFlight.set(38);
        busy.increment(2);
        report.sample(t0 + SECOND);
        stored.increment(300);
        limit.set(36);
        inFlight.set(30);
        tooMany.increment();
        report.sample(t0 + SECOND + SECOND / 2); // inside the second second: no sample yet
        report.sample(t0 + 2 * SECOND);

        assertEquals(List.of(new SaverReplayReport.Second(100, 40, 38, 2), new SaverReplayReport.Second(300, 36, 30, 1)),
                report.seconds());
        assertEquals(400, report.done());
        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text), null, 1);
        assertTrue(text.toString().contains("100/40/38/2  300/36/30/1"), text.toString());
    }
}
