package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One-shot commands pointed at an address where no broker listens fail in seconds, with one line that names the
 * address and the flag, instead of a minute of connection warnings ending in "Timed out waiting for a node
 * assignment".
 */
class MissingBrokerTest {

    static List<List<String>> oneShotCommands() {
        return List.of(List.of("producer", "--tasks", "5"), List.of("replay", "hasher"), List.of("replay", "saver"),
                List.of("dead-letters", "list", "--topic", "hashpipe.tasks.dlq"),
                List.of("dead-letters", "redrive", "--from", "hashpipe.tasks.dlq"));
    }

    @ParameterizedTest
    @MethodSource("oneShotCommands")
    void aOneShotCommandFailsInSecondsNamingTheAddressAndTheFlag(List<String> command) throws IOException {
        String address = "127.0.0.1:" + freePort();
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--bootstrap-servers", address));
        long start = System.nanoTime();
        CliRun run = CliRun.execute(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, run.exitCode(), run.err());
        String last = run.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.contains(address) && last.contains("--bootstrap-servers"), run.err());
        assertTrue(seconds < 20, "failed after " + seconds + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
