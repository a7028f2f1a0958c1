package io.hashpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Service.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AbstractServiceTest {

    /** A service whose hooks are counted, that fails its start when told to. */
    private static class Recording extends AbstractService {
        final AtomicInteger startUps = new AtomicInteger();
        final AtomicInteger shutDowns = new AtomicInteger();
        final List<String> changes = new ArrayList<>();
        RuntimeException startFailure;
        boolean runningOnStart = true;

        Recording() {
            super("test");
            addStateListener((now, before) -> changes.add(before + "->" + now));
        }

        @Override
        protected void startUp() {
            startUps.incrementAndGet();
            if (startFailure != null) {
                throw startFailure;
            }
            if (runningOnStart) {
                running();
            }
        }

        @Override
        protected void shutDown(Duration timeout) {
            shutDowns.incrementAndGet();
        }

        void reportWaiting() {
            waiting();
        }

        void reportRunning() {
            running();
        }

        void reportFailed(Throwable cause) {
            failed(cause);
        }

        void reportFinished() {
            finished();
        }

        void watch(Duration stallAfter) {
            watchLoop(stallAfter, Duration.ofMillis(20), () -> true);
        }

        void turn() {
            turned();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "CREATED, STARTING, true", "CREATED, STOPPING, true", "CREATED, RUNNING, false", "CREATED, FAILED, false",
        "STARTING, RUNNING, true", "STARTING, WAITING, true", "STARTING, FAILED, true", "STARTING, CREATED, false",
        "RUNNING, WAITING, true", "WAITING, RUNNING, true", "RUNNING, STARTING, false", "RUNNING, STOPPED, false",
        "STOPPING, STOPPED, true", "STOPPING, FAILED, true", "STOPPING, RUNNING, false",
        "STOPPED, STARTING, false", "STOPPED, FAILED, false", "FAILED, STOPPED, false", "FAILED, RUNNING, false"})
    void eachStateListsItsValidNextStates(State from, State to, boolean valid) {
        assertEquals(valid, from.isValidTransition(to), from + " -> " + to);
    }

    @Test
    void onlyStoppedAndFailedAreTerminalAndHaveNoNextState() {
        for (State state : State.values()) {
            boolean terminal = EnumSet.of(State.STOPPED, State.FAILED).contains(state);
            assertEquals(terminal, state.isTerminal(), state.name());
            for (State next : State.values()) {
                assertFalse(terminal && state.isValidTransition(next), state + " -> " + next);
            }
        }
    }

    @Test
    void listenersHearEveryChangeInOrderFromStartToStop() {
        Recording service = new Recording();
        assertEquals(State.CREATED, service.state());
        service.start();
        service.reportWaiting();
        service.reportRunning();
        service.close(Duration.ofSeconds(5));
        assertEquals(List.of("CREATED->STARTING", "STARTING->RUNNING", "RUNNING->WAITING", "WAITING->RUNNING",
                "RUNNING->STOPPING", "STOPPING->STOPPED"), service.changes);
        assertEquals(State.STOPPED, service.state());
    }

    @Test
    void anInvalidTransitionIsIgnored() {
        Recording service = new Recording();
        service.start();
        service.close(Duration.ofSeconds(5));
        service.reportRunning();
        service.reportFailed(new IllegalStateException("late"));
        assertEquals(State.STOPPED, service.state());
        assertTrue(service.failure().isEmpty());
    }

    @Test
    void closeIsIdempotentAndShutsDownOnce() {
        Recording service = new Recording();
        service.start();
        service.close(Duration.ofSeconds(5));
        service.close(Duration.ofSeconds(5));
        service.close();
        assertEquals(1, service.shutDowns.get());
        assertEquals(List.of("CREATED->STARTING", "STARTING->RUNNING", "RUNNING->STOPPING", "STOPPING->STOPPED"), service.changes);
    }

    @Test
    void closeBeforeStartStopsWithoutShuttingDownAndStartIsRefusedThen() {
        Recording service = new Recording();
        service.close(Duration.ofSeconds(5));
        assertEquals(State.STOPPED, service.state());
        assertEquals(0, service.shutDowns.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, service::start);
        assertTrue(e.getMessage().contains("STOPPED"), e.getMessage());
        assertEquals(0, service.startUps.get());
    }

    @Test
    void startRunsOnce() {
        Recording service = new Recording();
        service.start();
        assertThrows(IllegalStateException.class, service::start);
        assertEquals(1, service.startUps.get());
        service.close();
    }

    @Test
    void aFailedStartIsKeptAndRethrownAndWhatWasOpenedIsShutDown() {
        Recording service = new Recording();
        IllegalArgumentException cause = new IllegalArgumentException("bad port");
        service.startFailure = cause;
        assertSame(cause, assertThrows(IllegalArgumentException.class, service::start));
        assertEquals(State.FAILED, service.state());
        assertSame(cause, service.failure().orElseThrow());
        assertEquals(1, service.shutDowns.get());
        service.close(Duration.ofSeconds(5));
        assertEquals(State.FAILED, service.state(), "a failure is kept by close");
        assertEquals(1, service.shutDowns.get());
        assertSame(cause, assertThrows(IllegalArgumentException.class, service::throwIfFailed));
    }

    @Test
    void aFailureWhileRunningIsKeptAndCloseStillReleasesTheService() throws InterruptedException {
        Recording service = new Recording();
        service.start();
        Exception cause = new Exception("checked");
        service.reportFailed(cause);
        assertTrue(service.awaitStopped(Duration.ZERO));
        service.close(Duration.ofSeconds(5));
        assertEquals(1, service.shutDowns.get());
        assertEquals(State.FAILED, service.state());
        IllegalStateException e = assertThrows(IllegalStateException.class, service::throwIfFailed);
        assertSame(cause, e.getCause());
        assertEquals(List.of("CREATED->STARTING", "STARTING->RUNNING", "RUNNING->FAILED"), service.changes);
    }

    @Test
    void aOneShotJobStopsOnItsOwn() throws InterruptedException {
        Recording service = new Recording();
        service.start();
        assertFalse(service.awaitStopped(Duration.ofMillis(10)));
        service.reportFinished();
        assertTrue(service.awaitStopped(Duration.ofSeconds(5)));
        assertEquals(State.STOPPED, service.state());
        service.throwIfFailed();
        service.close();
        assertEquals(1, service.shutDowns.get());
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthers() {
        Recording service = new Recording();
        List<State> heard = new ArrayList<>();
        service.addStateListener((now, before) -> {
            throw new IllegalStateException("listener bug");
        });
        service.addStateListener((now, before) -> heard.add(now));
        service.start();
        service.close();
        assertEquals(List.of(State.STARTING, State.RUNNING, State.STOPPING, State.STOPPED), heard);
    }

    @Test
    void aListenerMayCloseTheServiceAndStillHearsTheChangesInOrder() {
        Recording service = new Recording();
        List<State> heard = new ArrayList<>();
        AtomicBoolean closing = new AtomicBoolean();
        service.addStateListener((now, before) -> {
            heard.add(now);
            if (now == State.WAITING && closing.compareAndSet(false, true)) {
                service.close(Duration.ofSeconds(5));
            }
        });
        service.start();
        service.reportWaiting();
        assertEquals(List.of(State.STARTING, State.RUNNING, State.WAITING, State.STOPPING, State.STOPPED), heard);
    }

    @Test
    void aLoopThatStopsTurningIsWaitingAndRunningAgainOnceItTurns() throws InterruptedException {
        Recording service = new Recording();
        service.runningOnStart = false;
        service.start();
        service.watch(Duration.ofMillis(200));
        assertEquals(State.STARTING, service.state(), "starting until the loop turned once");
        service.turn();
        assertEquals(State.RUNNING, service.state());
        assertTrue(awaitState(service, State.WAITING), "waiting once the loop has not turned for the threshold");
        service.turn();
        assertEquals(State.RUNNING, service.state(), "running again at the next turn");
        service.close();
        assertEquals(List.of("CREATED->STARTING", "STARTING->RUNNING", "RUNNING->WAITING", "WAITING->RUNNING",
                "RUNNING->STOPPING", "STOPPING->STOPPED"), service.changes);
    }

    @Test
    void aLoopWhoseConditionFailsIsWaiting() throws InterruptedException {
        AtomicBoolean able = new AtomicBoolean(true);
        Recording service = new Recording() {
            @Override
            void watch(Duration stallAfter) {
                watchLoop(stallAfter, Duration.ofMillis(20), able::get);
            }
        };
        service.runningOnStart = false;
        service.start();
        service.watch(Duration.ofMinutes(1));
        service.turn();
        assertEquals(State.RUNNING, service.state());
        able.set(false);
        assertTrue(awaitState(service, State.WAITING));
        able.set(true);
        service.turn();
        assertEquals(State.RUNNING, service.state());
        service.close();
    }

    /** A service whose startUp blocks until released, as the broker's start or a database connection may. */
    private static class SlowStart extends Recording {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        protected void startUp() {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("startUp returned");
        }

        @Override
        protected void shutDown(Duration timeout) {
            events.add("shutDown");
            super.shutDown(timeout);
        }

        Thread startInBackground() throws InterruptedException {
            Thread starter = new Thread(this::start, "starter");
            starter.start();
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            return starter;
        }
    }

    @Test
    void aCloseDuringStartUpWaitsForItThenShutsDownWhatItOpened() throws InterruptedException {
        SlowStart service = new SlowStart();
        Thread starter = service.startInBackground();
        Thread closer = new Thread(() -> service.close(Duration.ofSeconds(30)), "closer");
        closer.start();
        assertTrue(awaitState(service, State.STOPPING), "the close has begun");
        closer.join(300);
        assertEquals(List.of(), service.events, "no shutDown under a running startUp: what it opens next would stay open");
        assertTrue(closer.isAlive(), "the close waits for the start within its timeout");
        service.release.countDown();
        closer.join(5_000);
        starter.join(5_000);
        assertFalse(closer.isAlive() || starter.isAlive());
        assertEquals(List.of("startUp returned", "shutDown"), service.events);
        assertEquals(State.STOPPED, service.state());
        assertEquals(1, service.shutDowns.get());
    }

    @Test
    void aCloseThatOutlastsItsTimeoutWaitingForStartUpReturnsAndStartShutsDownThen() throws InterruptedException {
        SlowStart service = new SlowStart();
        Thread starter = service.startInBackground();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> service.close(Duration.ofMillis(100)), "close honours its bound");
        assertEquals(State.STOPPING, service.state());
        assertEquals(List.of(), service.events);
        service.release.countDown();
        assertTrue(service.awaitStopped(Duration.ofSeconds(5)));
        starter.join(5_000);
        assertEquals(List.of("startUp returned", "shutDown"), service.events);
        assertEquals(State.STOPPED, service.state());
        service.close();
        assertEquals(1, service.shutDowns.get());
    }

    @Test
    void aListenerMayCloseTheServiceFromInsideStartUp() {
        Recording service = new Recording();
        service.addStateListener((now, before) -> {
            if (now == State.RUNNING) {
                service.close(Duration.ofSeconds(30));
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(10), service::start, "a close from startUp's own thread cannot wait for it");
        assertEquals(State.STOPPED, service.state());
        assertEquals(1, service.shutDowns.get());
    }

    @Test
    void aListenerOnTheWatchThreadMayCloseTheServiceWithoutInterruptingItsShutDown() throws InterruptedException {
        List<Boolean> interrupted = Collections.synchronizedList(new ArrayList<>());
        Recording service = new Recording() {
            @Override
            protected void shutDown(Duration timeout) {
                super.shutDown(timeout);
                interrupted.add(Thread.currentThread().isInterrupted());
            }
        };
        service.addStateListener((now, before) -> {
            if (now == State.WAITING) {
                service.close(Duration.ofSeconds(5));
            }
        });
        service.runningOnStart = false;
        service.start();
        service.watch(Duration.ofMillis(100));
        service.turn();
        assertTrue(service.awaitStopped(Duration.ofSeconds(10)), "closed by the listener once the loop stalled");
        assertEquals(List.of(false), interrupted, "the shutDown (a join of the service's threads) ran without an interrupt");
    }

    /** Whether {@code service} is in, or changes to, {@code expected} within 10 s (told by its listener, not polled). */
    private static boolean awaitState(Service service, State expected) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        service.addStateListener((now, before) -> {
            if (now == expected) {
                reached.countDown();
            }
        });
        return service.state() == expected || reached.await(10, TimeUnit.SECONDS);
    }

    /** A service with a thread of its own, which works until told to stop and then takes {@code stopFor} to end. */
    private static final class Threaded extends AbstractService {
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch mayEnd = new CountDownLatch(1);
        final boolean stopsOnItsOwn;
        final RuntimeException failure;
        volatile Thread thread;

        Threaded(boolean stopsOnItsOwn, RuntimeException failure) {
            super("threaded");
            this.stopsOnItsOwn = stopsOnItsOwn;
            this.failure = failure;
        }

        @Override
        protected void startUp() {
            thread = startThread("threaded-work", () -> {
                running();
                try {
                    stop.await();
                    mayEnd.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (failure != null) {
                    throw failure;
                }
            }, stopsOnItsOwn);
        }

        @Override
        protected void shutDown(Duration timeout) throws InterruptedException {
            stop.countDown();
            thread.join(Math.max(1, timeout.toMillis()));
        }
    }

    @Test
    void aThreadThatOutlivesTheCloseLeavesTheServiceStoppingUntilItEnds() throws Exception {
        Threaded service = new Threaded(false, null);
        service.start();
        assertTrue(awaitState(service, State.RUNNING));

        service.close(Duration.ofMillis(100)); // the thread may not end yet: the close gives up waiting

        assertEquals(State.STOPPING, service.state(), "not STOPPED while its thread still works");
        service.mayEnd.countDown();
        assertTrue(service.awaitStopped(Duration.ofSeconds(10)));
        assertEquals(State.STOPPED, service.state());
    }

    @Test
    void aThreadThatEndsBeforeAnyCloseFailsAServiceThatWorksUntilClosedAndStopsAOneShotJob() throws Exception {
        Threaded service = new Threaded(false, null);
        Threaded job = new Threaded(true, null);
        for (Threaded each : List.of(service, job)) {
            each.start();
            each.mayEnd.countDown();
            each.stop.countDown(); // its work returns without a close
            assertTrue(each.awaitStopped(Duration.ofSeconds(10)));
        }

        assertEquals(State.FAILED, service.state());
        assertTrue(service.failure().orElseThrow().getMessage().contains("stopped before it was closed"));
        assertEquals(State.STOPPED, job.state());
        service.close(Duration.ofSeconds(1));
        job.close(Duration.ofSeconds(1));
    }

    @Test
    void aThreadThatThrowsDuringTheCloseFailsTheService() throws Exception {
        IllegalStateException boom = new IllegalStateException("a commit's outcome is unknown");
        Threaded service = new Threaded(false, boom);
        service.start();
        service.mayEnd.countDown();

        service.close(Duration.ofSeconds(10));

        assertEquals(State.FAILED, service.state());
        assertSame(boom, service.failure().orElseThrow());
    }
}
