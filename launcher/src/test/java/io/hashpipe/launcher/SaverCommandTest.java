package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.saver.SaverConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The saver's command line: the repeatable header flag, its environment variable, and secrets kept out of --help. */
class SaverCommandTest {

    @Test
    void theHeaderFlagRepeatsAndEachValueKeepsItsCommas() {
        SaverCommand saver = parse(Map.of(), "--db-header", "Authorization: Bearer a, b", "--db-header", "X-Tenant: blue");
        String headers = saver.options().values().get(SaverConfig.DB_HEADER);
        assertEquals("Authorization: Bearer a, b\nX-Tenant: blue", headers);
        SaverConfig config = saver.options().build(SaverConfig::new);
        assertEquals(2, config.endpoint().headers().list().size());
    }

    @Test
    void theEnvironmentVariableHoldsOneHeaderALine() {
        SaverCommand saver = parse(Map.of("HASHPIPE_DB_HEADER", "X-Api-Key: k1\nX-Tenant: green"));
        assertEquals("X-Api-Key: k1\nX-Tenant: green", saver.options().values().get(SaverConfig.DB_HEADER));
    }

    @Test
    void helpShowsNoHeaderValueEvenFromTheEnvironment() {
        CliRun help = CliRun.execute(Map.of("HASHPIPE_DB_HEADER", "Authorization: Bearer s3cret", "HASHPIPE_DB_TRUSTSTORE_PASSWORD", "pa55"),
                "saver", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--db-header") && help.out().contains("--db-header-file") && help.out().contains("--success-status")
                && help.out().contains("--db-body") && help.out().contains("--max-outage") && help.out().contains("--db-truststore"), help.out());
        assertFalse(help.out().contains("s3cret") || help.out().contains("pa55") || help.out().contains("[hidden]"), help.out());
    }

    @Test
    void aBadHeaderFailsBeforeConnectingAndNamesTheFlag() {
        CliRun run = CliRun.execute(Map.of(), "saver", "--db-header", "no colon s3cret", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(Main.INVALID_OPTION, run.exitCode(), run.err());
        assertTrue(run.err().contains("saver.db.header (--db-header, env HASHPIPE_SAVER_DB_HEADER or HASHPIPE_DB_HEADER)"), run.err());
        assertFalse(run.err().contains("s3cret"), run.err());
    }

    private static SaverCommand parse(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine(env);
        String[] all = new String[args.length + 1];
        all[0] = "saver";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult result = cli.parseArgs(all);
        return (SaverCommand) result.subcommand().commandSpec().userObject();
    }
}
