package io.hashpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {

    @Test
    void theJvmLineNamesTheOptionsTheJvmWasStartedWith() {
        Machine machine = Machine.current();
        List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();

        assertTrue(machine.jvm().startsWith(System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")),
                machine.jvm());
        for (String option : options) {
            assertTrue(machine.jvm().contains(option), () -> option + " missing from " + machine.jvm());
        }
        assertEquals(Runtime.getRuntime().availableProcessors(), machine.cores());
    }
}
