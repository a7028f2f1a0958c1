package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hashpipe.saver.SaverMeters;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The sliding rate on a mock clock: which seconds count, and how the ring's buckets are reused. */
class SlidingRateTest {

    private final MockClock clock = new MockClock();
    private final SlidingRate rate = new SlidingRate(clock, Duration.ofSeconds(10));

    @Test
    void theSecondUnderWayIsLeftOutAndAYoungRateDividesByTheSecondsItHas() {
        add(5);
        assertEquals(0.0, rate.perSecond(), "nothing complete yet");
        clock.add(Duration.ofMillis(999));
        add(1);
        assertEquals(0.0, rate.perSecond());
        clock.add(Duration.ofMillis(1));
        assertEquals(6.0, rate.perSecond(), "one complete second");
        add(10);
        clock.addSeconds(1);
        assertEquals(8.0, rate.perSecond(), "16 over two seconds");
    }

    @Test
    void aFullWindowDividesByItsLengthAndForgetsWhatSlidOut() {
        for (int second = 0; second < 12; second++) {
            add(second == 0 ? 100 : 10);
            clock.addSeconds(1);
        }
        // At second 12 the window is seconds 2..11, ten seconds of 10 each; 0 and 1 slid out.
        assertEquals(10.0, rate.perSecond());
        clock.addSeconds(5);
        assertEquals(5.0, rate.perSecond(), "five idle seconds in the window");
        clock.addSeconds(5);
        assertEquals(0.0, rate.perSecond());
    }

    @Test
    void aReusedBucketStartsFromZero() {
        add(100); // second 0, bucket 0
        clock.addSeconds(11);
        add(3); // second 11, bucket 0 again
        clock.addSeconds(1);
        assertEquals(0.3, rate.perSecond(), 1e-9);
    }

    @Test
    void concurrentIncrementsAreNotLost() throws Exception {
        int threads = 4;
        int each = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    rate.increment();
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        clock.addSeconds(1);
        assertEquals(threads * each, rate.perSecond());
    }

    @Test
    void aWindowMustBeWholeSeconds() {
        assertThrows(IllegalArgumentException.class, () -> new SlidingRate(clock, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new SlidingRate(clock, Duration.ofMillis(1500)));
    }

    @Test
    void theSaversGaugeCountsBothAcknowledgedOutcomesOnTheRegistrysClock() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        SaverMetrics metrics = new SaverMetrics(registry);
        for (int i = 0; i < 30; i++) {
            metrics.acknowledged(Outcome.stored(i % 3 != 0, 200));
        }
        clock.addSeconds(2);
        assertEquals(15.0, registry.get(SaverMeters.RECORDS_RATE).gauge().value());
    }

    private void add(int events) {
        for (int i = 0; i < events; i++) {
            rate.increment();
        }
    }
}
