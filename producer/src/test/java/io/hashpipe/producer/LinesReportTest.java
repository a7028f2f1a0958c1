package io.hashpipe.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinesReportTest {

    @Test
    void noSkippedLineSaysNothing() {
        assertEquals("", new TaskProducer.LinesReport(5, 0, List.of()).skippedText("hashpipe producer", "tasks.jsonl"));
    }

    @Test
    void skippedLinesAreListedWithTheCommandTheSourceAndHowManyMoreThereWere() {
        String text = new TaskProducer.LinesReport(3, 4, List.of("line 2: not JSON", "line 5: no id"))
                .skippedText("hashpipe run", "stdin");

        assertEquals(String.join(System.lineSeparator(), "hashpipe run: skipped 4 bad line(s) of stdin, not sent:",
                "  line 2: not JSON", "  line 5: no id", "  ... and 2 more", ""), text);
    }
}
