package io.hashpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** The --progress modes: which devices are terminals, which modes redraw, and how the flag is spelled. */
class ProgressModeTest {

    @ParameterizedTest
    @ValueSource(strings = {"/dev/pts/3", "/dev/tty1", "/dev/ttyS0", "/dev/console"})
    void ttyDevicesAreTerminals(String device) {
        assertTrue(ProgressMode.isTerminalDevice(device));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/run.log", "pipe:[123456]", "/dev/null", "socket:[42]"})
    void filesPipesAndNullAreNot(String device) {
        assertFalse(ProgressMode.isTerminalDevice(device));
    }

    @Test
    void theModesSayWhetherToRedraw() {
        assertTrue(ProgressMode.TERMINAL.redraw());
        assertFalse(ProgressMode.LINES.redraw());
        assertEquals(ProgressMode.stderrIsTerminal(), ProgressMode.AUTO.redraw());
    }

    @Test
    void theFlagTakesAnyCaseAndNamesTheChoicesWhenWrong() {
        assertEquals(ProgressMode.LINES, new ProgressModes().convert("Lines"));
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> new ProgressModes().convert("tty"));
        assertTrue(e.getMessage().contains("auto, terminal or lines"), e.getMessage());
    }
}
