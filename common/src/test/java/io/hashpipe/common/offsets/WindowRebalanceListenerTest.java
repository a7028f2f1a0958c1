package io.hashpipe.common.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

class WindowRebalanceListenerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final OffsetWindows<String> windows = new OffsetWindows<>(100, 1_000);
    private final List<String> calls = new ArrayList<>();

    @Test
    void revokedPartitionsCommitWhileTheirWindowsAreOpenThenClose() {
        WindowRebalanceListener listener = listener(partitions -> {
            calls.add("revoking " + partitions + " open=" + windows.partitions().containsAll(partitions));
            windows.committed(windows.toCommit(partitions, 10));
        });
        listener.onPartitionsAssigned(List.of(P0, P1));
        windows.take(P0, 0, 1);
        windows.window(P0).done(0, "a");
        OffsetWindow<String> p0 = windows.window(P0);
        listener.onPartitionsRevoked(List.of(P0));
        assertEquals(List.of("opened [t-0, t-1]", "revoking [t-0] open=true", "closed [t-0]"), calls);
        assertEquals(1, p0.lastCommitted());
        assertTrue(p0.closed());
        assertEquals(Set.of(P1), windows.partitions());
    }

    @Test
    void windowsCloseEvenWhenTheCommitFails() {
        WindowRebalanceListener listener = listener(partitions -> {
            throw new IllegalStateException("fenced");
        });
        listener.onPartitionsAssigned(List.of(P0));
        assertThrows(IllegalStateException.class, () -> listener.onPartitionsRevoked(List.of(P0)));
        assertEquals(Set.of(), windows.partitions());
        assertEquals(List.of("opened [t-0]", "closed [t-0]"), calls);
    }

    @Test
    void lostPartitionsCloseWithoutACommit() {
        WindowRebalanceListener listener = listener(partitions -> calls.add("revoking " + partitions));
        listener.onPartitionsAssigned(List.of(P0));
        windows.take(P0, 0, 1).done(0, "never committed");
        listener.onPartitionsLost(List.of(P0));
        listener.onPartitionsRevoked(List.of());
        assertEquals(List.of("opened [t-0]", "losing [t-0]", "closed [t-0]"), calls);
        assertEquals(0, windows.held());
    }

    private WindowRebalanceListener listener(WindowRebalanceListener.Stage revoking) {
        return new WindowRebalanceListener(windows, new WindowRebalanceListener.Stage() {
            @Override
            public void revoking(Collection<TopicPartition> partitions) {
                revoking.revoking(partitions);
            }

            @Override
            public void opened(Collection<TopicPartition> partitions) {
                calls.add("opened " + partitions);
            }

            @Override
            public void losing(Collection<TopicPartition> partitions) {
                calls.add("losing " + partitions);
            }

            @Override
            public void closed(Collection<TopicPartition> partitions) {
                calls.add("closed " + partitions);
            }
        }, NOPLogger.NOP_LOGGER);
    }
}
