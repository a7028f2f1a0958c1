package io.hashpipe.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Task;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.saver.SaverMeters;
import io.hashpipe.testkit.PrometheusNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Kafka-side faults under a paced load, every part a real child process: a broker, dbapi on PostgreSQL (at
 * 127.0.0.1:5432 when it answers, else H2), three hashers, a saver and a producer. In one run: a hasher
 * SIGKILLed and restarted at once, the saver likewise, the broker SIGKILLed and restarted 5 s later (or
 * {@code -Dhashpipe.chaos.broker.down.seconds}), and a
 * hasher SIGTERMed while a fourth one joins (a rebalance). Every task must be stored once and verify, with no
 * dead letters: that is counted first, and when it fails the broker's evidence is printed (per partition the
 * committed offset, LSO and HW, open transactions, each missing task's offset and its result's copies).
 * The recovery times (restarted members counting again, the SIGTERMed hasher's exit, the longest pause between
 * stored rows) are printed as figures; under load they vary, so only bounds that show a recovery happened at
 * all are asserted: within 60 s each, and no pause longer than 120 s.
 */
class ChaosTest {

    private static final int TASKS = 1_800;
    private static final double RATE = 25;
    private static final int PARTITIONS = 6;
    /** Generous bounds: they show that a member recovered, not how fast (the figures say that). */
    private static final double RESUME_SECONDS = 60;
    private static final double TERMINATE_SECONDS = 60;
    private static final double MAX_PAUSE_SECONDS = 120;
    /**
     * How long the broker stays down: 5 s, or {@code -Dhashpipe.chaos.broker.down.seconds} to reproduce outages
     * longer than the hashers' transaction timeout (30 s), after which the coordinator aborts their open
     * transactions itself.
     */
    private static final Duration BROKER_DOWN = Duration.ofSeconds(Integer.getInteger("hashpipe.chaos.broker.down.seconds", 5));
    /**
     * How long the first rows may take, before any fault: a bound that shows the pipeline started, not how fast
     * (at a load average of 25 on two cores the children's start alone took over 40 s). The faults' schedule
     * counts from the first rows.
     */
    private static final double FIRST_ROWS_SECONDS = 120;
    /** How long the pipeline may take to store every task after the last fault. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(150);

    @Test
    void killsAndRestartsLoseNothingStoreNothingTwiceAndRecoverWithinTheTargets() throws Exception {
        ChildProcesses.run("chaos", ChaosTest::chaos);
    }

    private static void chaos(ChildProcesses run) throws Exception {
        ChildProcesses.Stage stage = run.stage(PARTITIONS, 20);
        String group = "chaos-hasher-" + run.unique;
        Map<String, Double> figures = new LinkedHashMap<>();
        List<Child> hashers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hashers.add(run.hasher(stage, "hasher-" + i, group, "--instance", Integer.toString(i)));
        }
        Child saver = run.saver(stage);
        List<Child> members = new ArrayList<>(hashers);
        members.add(saver);
        ChildProcesses.awaitReady(members);
        Child producer = run.producer(stage, TASKS, 4, "--rate", Double.toString(RATE));
        long t0 = System.nanoTime();

        await("rows stored before the first fault").atMost(secondsAfter(t0, FIRST_ROWS_SECONDS)).pollInterval(Duration.ofMillis(200))
                .until(() -> stage.rows().count() > 50);
        // The faults' schedule counts from the first rows, not from the producer's start: under load the start
        // alone can take most of the producer's 72 s, and faults after its last task meet no transaction in flight.
        long rowsAt = System.nanoTime();
        figure(figures, "hasher resume s", resumeSeconds(hashers.get(0), PrometheusNames.counter(HasherMeters.HASHES)));
        sleepUntil(rowsAt, 15);
        figure(figures, "saver resume s", resumeSeconds(saver, PrometheusNames.counter(SaverMeters.STORED)));
        sleepUntil(rowsAt, 28);
        Instant brokerDown = Instant.now();
        System.out.printf("chaos: broker SIGKILLed at %s, restarted %d s later%n", brokerDown, BROKER_DOWN.toSeconds());
        stage.broker().kill();
        Thread.sleep(BROKER_DOWN.toMillis());
        stage.broker().restart();
        ChildProcesses.awaitPort(stage.brokerPort(), Duration.ofSeconds(60), stage.broker());
        Instant brokerUp = Instant.now();
        sleepUntil(rowsAt, 45);
        hashers.add(run.hasher(stage, "hasher-3", group, "--instance", "3")); // its join rebalances the group...
        Thread.sleep(1_500);
        Child leaving = hashers.get(1);
        double exitSeconds = leaving.terminate(Duration.ofSeconds(60)); // ...while this one leaves
        figure(figures, "SIGTERM during rebalance exit s", exitSeconds);

        boolean done = awaitQuietly(STORE_WAIT, () -> !producer.alive() && stage.rows().count() >= TASKS);
        // The rows first: exactly once is the guarantee, the timings below are only figures.
        List<Task> sent = TopicReader.tasks(stage.bootstrap(), stage.tasks(), PARTITIONS);
        ResultRows.Rows stored = stage.rows().read();
        List<String> missing = sent.stream().map(Task::id).filter(id -> !stored.hashes().containsKey(id)).toList();
        System.out.printf("chaos: %d tasks sent, %d rows stored, %d tasks missing%s%n", sent.size(), stored.hashes().size(),
                missing.size(), done ? "" : " after waiting " + STORE_WAIT.toSeconds() + " s");
        boolean failed = !done || !missing.isEmpty() || sent.size() != TASKS || stored.hashes().size() != TASKS;
        if (failed || Boolean.getBoolean("hashpipe.chaos.evidence")) { // the property shows it for a good run, with a sample task
            System.out.println("chaos " + KafkaEvidence.of(stage.bootstrap(), stage.tasks(), group, stage.results(),
                    run.saverGroup(), failed || sent.isEmpty() ? missing : List.of(sent.get(0).id())));
        }
        assertEquals(TASKS, sent.size(), "tasks in the topic (the producer " + (producer.alive() ? "is still running" : "exited "
                + producer.exitCode()) + ")");
        assertEquals(List.of(), missing.size() > 50 ? missing.subList(0, 50) : missing, missing.size() + " tasks have no row");
        stage.assertEveryTaskStoredOnceAndNoDeadLetters(TASKS);
        assertFalse(producer.alive(), "the producer is still running");
        assertEquals(0, producer.exitCode(), producer.output());

        List<Instant> storedAt = new ArrayList<>(stored.storedAt());
        storedAt.sort(null);
        figure(figures, "longest pause s", Pauses.longest(storedAt, null, null));
        figure(figures, "longest pause around the broker restart s", Pauses.longest(storedAt, brokerDown, brokerUp.plusSeconds(30)));
        System.out.println("chaos figures: " + figures);
        assertTrue(figures.get("hasher resume s") <= RESUME_SECONDS, "restarted hasher counting again within 60 s: " + figures);
        assertTrue(figures.get("saver resume s") <= RESUME_SECONDS, "restarted saver counting again within 60 s: " + figures);
        assertTrue(exitSeconds >= 0 && exitSeconds <= TERMINATE_SECONDS, "SIGTERMed hasher exited within 60 s: " + figures);
        assertNotEquals(1, leaving.exitCode(), "a SIGTERM is a clean stop, not a failure:\n" + leaving.output());
        assertTrue(figures.get("longest pause s") <= MAX_PAUSE_SECONDS, "no pause between stored rows over 120 s: " + figures);
    }

    /**
     * SIGKILLs and restarts {@code child}: the seconds until it counts {@code metric} again, or infinity when it
     * does not within a minute (asserted after the rows are counted).
     */
    private static double resumeSeconds(Child child, String metric) throws Exception {
        try {
            return ChildProcesses.killAndRestart(child, metric);
        } catch (ConditionTimeoutException e) {
            System.out.printf("chaos: %s did not count %s again: %s%n", child.name, metric, e.getMessage());
            return Double.POSITIVE_INFINITY;
        }
    }

    /** Waits up to {@code wait} for {@code condition}; false when it did not hold by then. */
    private static boolean awaitQuietly(Duration wait, Callable<Boolean> condition) {
        try {
            await("every task stored").atMost(wait).pollInterval(Duration.ofMillis(200)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Keeps a figure and prints it at once, so that a run that fails later still shows what it measured. */
    private static void figure(Map<String, Double> figures, String name, double value) {
        System.out.printf("chaos: %s = %.1f%n", name, value);
        figures.put(name, value);
    }

    /** What is left of the run's first {@code seconds} after {@code from} (at least a millisecond). */
    private static Duration secondsAfter(long from, double seconds) {
        return Duration.ofNanos(Math.max(1_000_000, (long) (seconds * 1e9) - (System.nanoTime() - from)));
    }

    /** The schedule's next fault is due {@code seconds} after {@code from}: sleeps until then. */
    private static void sleepUntil(long from, double seconds) throws InterruptedException {
        long left = (long) (seconds * 1e9) - (System.nanoTime() - from);
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /** Sorted instants' longest gap, optionally only the gaps that overlap [from, to]. */
    static final class Pauses {
        static double longest(List<Instant> sorted, Instant from, Instant to) {
            double longest = 0;
            for (int i = 1; i < sorted.size(); i++) {
                Instant a = sorted.get(i - 1);
                Instant b = sorted.get(i);
                if (from != null && (b.isBefore(from) || a.isAfter(to))) {
                    continue;
                }
                longest = Math.max(longest, Duration.between(a, b).toMillis() / 1e3);
            }
            return longest;
        }
    }

}
