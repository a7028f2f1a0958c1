package io.hashpipe.dbapi.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    final AtomicLong now = new AtomicLong(1_000);

    @Test
    void admitsOneSecondsWorthThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(3, now::get);
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
        assertEquals(1, bucket.secondsUntilAvailable());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(334));
        assertTrue(bucket.tryAcquire(), "a third of a second brings one token at 3/s");
        assertFalse(bucket.tryAcquire());
    }

    @Test
    void neverHoldsMoreThanOneSecondsWorth() {
        TokenBucket bucket = new TokenBucket(2, now::get);
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
    }

    @Test
    void rateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, now::get));
    }
}
