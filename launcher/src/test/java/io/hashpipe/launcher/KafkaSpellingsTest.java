package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.cli.KafkaClientKeys;
import io.hashpipe.common.CommonConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Kafka's own spellings and habits on every Kafka command: --bootstrap-server, --producer-property, --consumer-property. */
class KafkaSpellingsTest {

    @TempDir
    Path dir;

    /** Each command fails on a later flag, so that the Kafka flags are known to parse without a broker. */
    @ParameterizedTest
    @CsvSource({"producer, --tasks", "hasher, --threads", "saver, --max-attempts", "exporter, --interval-ms",
        "replay hasher, --threads", "replay saver, --max-attempts"})
    void bootstrapServerIsAnAliasOfBootstrapServers(String command, String badFlag) {
        CliRun outcome = CliRun.execute(args(command, "--bootstrap-server", "127.0.0.1:1", badFlag, "0"));
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(badFlag + ", env"), outcome.err());
        assertTrue(!outcome.err().contains("Unknown option"), outcome.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"list --topic t.dlq", "redrive --from t.dlq"})
    void deadLettersTakeTheSameSpellings(String sub) {
        CliRun outcome = CliRun.execute(args("dead-letters " + sub, "--bootstrap-server", "127.0.0.1:1",
                "--consumer-property", "nokey", "--producer-property", "linger.ms=5"));
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("--consumer-property") && outcome.err().contains("nokey"), outcome.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"producer", "hasher", "saver", "dead-letters list --topic t.dlq"})
    void aMissingKafkaConfigFileExits2NamingTheFlagAndThePath(String command) {
        Path missing = dir.resolve("client.properties");
        CliRun outcome = CliRun.execute(args(command, "--kafka-config", missing.toString(), "--bootstrap-servers", "127.0.0.1:1"));
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("--kafka-config") && outcome.err().contains(missing.toString()), outcome.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--producer-property", "--consumer-property"})
    void aPropertyWithoutAValueExits2NamingTheFlag(String flag) {
        CliRun outcome = CliRun.execute("hasher", flag, "max.poll.records", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(flag) && outcome.err().contains("max.poll.records") && outcome.err().contains("key=value"),
                outcome.err());
    }

    @Test
    void producerHasNoConsumerProperty() {
        CliRun outcome = CliRun.execute("producer", "--help");
        assertTrue(outcome.out().contains("--producer-property=<key=value>"), outcome.out());
        assertTrue(!outcome.out().contains("--consumer-property"), outcome.out());
    }

    @Test
    void unknownKeysAreNamedOnceEachAndKnownOnesAreNot() throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanisms=PLAIN\nmax.poll.records=10\nlinger.ms=5\n");
        List<String> unknown = KafkaClientKeys.unknown(Map.of(CommonConfigs.KAFKA_CONFIG, file.toString(),
                CommonConfigs.PRODUCER_PROPERTY, "linger.ms=20\nlinger.msec=20\nmax.poll.records=10",
                CommonConfigs.CONSUMER_PROPERTY, "fetch.max.wait.ms=1\nisolation=read_committed"));
        assertEquals(4, unknown.size(), unknown::toString);
        assertTrue(unknown.get(0).contains("'sasl.mechanisms'") && unknown.get(0).contains("--kafka-config"), unknown::toString);
        assertTrue(unknown.get(1).contains("'linger.msec'") && unknown.get(1).contains("--producer-property"), unknown::toString);
        assertTrue(unknown.get(2).contains("'max.poll.records'") && unknown.get(2).contains("--producer-property"),
                "a consumer setting given to the producer: " + unknown);
        assertTrue(unknown.get(3).contains("'isolation'") && unknown.get(3).contains("--consumer-property"), unknown::toString);
    }

    @Test
    void propertiesFromTheEnvironmentTakeOneSettingALine() {
        CliRun outcome = CliRun.execute(Map.of("HASHPIPE_PRODUCER_PROPERTY", "linger.ms=5\nbad"), "producer", "--tasks", "1");
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("HASHPIPE_PRODUCER_PROPERTY") && outcome.err().contains("bad"), outcome.err());
    }

    private static String[] args(String command, String... rest) {
        String[] words = command.split(" ");
        String[] all = new String[words.length + rest.length];
        System.arraycopy(words, 0, all, 0, words.length);
        System.arraycopy(rest, 0, all, words.length, rest.length);
        return all;
    }
}
