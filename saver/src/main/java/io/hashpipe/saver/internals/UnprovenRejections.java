package io.hashpipe.saver.internals;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rejections that come before the API has taken any request since the start: then a 400 may be the saver's
 * configuration (a --db-body the API does not take, say) rather than the record, so the record is held. Once
 * the API takes a request, or {@link #HOLD_WINDOW} passes without the circuit opening on them, the held
 * records were bad records after all and go to the dead letters with the answer they got; if the circuit
 * opened on them as a misconfiguration, they are sent again once it closes.
 *
 * <p>Confined to the dispatcher's event loop.
 */
final class UnprovenRejections {

    /** How long rejections wait for the API to take a first request before they count as bad records. */
    static final Duration HOLD_WINDOW = Duration.ofSeconds(2);

    private final EventExecutor loop;
    private final WaitingRecords waiting;
    private final PartitionActivity partitions;
    private final DeadLetterHandoff deadLetters;
    private boolean timerArmed;
    /** Whether the circuit opened on the held records: they are sent again, not dead-lettered. */
    private boolean suspect;

    UnprovenRejections(EventExecutor loop, WaitingRecords waiting, PartitionActivity partitions, DeadLetterHandoff deadLetters) {
        this.loop = loop;
        this.waiting = waiting;
        this.partitions = partitions;
        this.deadLetters = deadLetters;
    }

    /** Holds a record the API rejected before it took any request; the record is idle while held. */
    void hold(PendingRecord record) {
        waiting.hold(record);
        if (!timerArmed) {
            timerArmed = true;
            loop.schedule(() -> {
                timerArmed = false;
                if (!suspect) {
                    deadLetterHeld();
                }
            }, HOLD_WINDOW.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The API took its first request: what is held (unless the circuit opened on it) was about its records. */
    void proven() {
        if (!suspect) {
            deadLetterHeld();
        }
    }

    /** The circuit opened as a misconfiguration before any success (the held are suspects), or closed (they go again). */
    void stateChanged(ApiCircuit circuit) {
        if (circuit.up() && suspect) {
            waiting.takeHeld().forEach(r -> waiting.retryFirst(new ArrayList<>(List.of(r))));
            suspect = false;
        } else if (circuit.state() == ApiCircuit.State.MISCONFIGURED && !circuit.proven()) {
            suspect = true;
        }
    }

    private void deadLetterHeld() {
        waiting.takeHeld().forEach(r -> {
            partitions.busy(r.partition());
            deadLetters.rejected(r, r.lastFailure);
        });
    }
}
