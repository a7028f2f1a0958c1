package io.hashpipe.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Topics;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskProducerConfigTest {

    @Test
    void defaultsAreSixHundredTasksAtCostEightUnpaced() {
        TaskProducerConfig config = new TaskProducerConfig(Map.of());
        assertEquals(600, config.tasks());
        assertEquals(8, config.difficulty());
        assertEquals(0.0, config.rate());
        assertEquals(Topics.TASKS, config.getString(CommonConfigs.TASKS_TOPIC));
        assertEquals(Topics.DEFAULT_PARTITIONS, config.getInt(CommonConfigs.PARTITIONS));
    }

    @ParameterizedTest
    @CsvSource({
        "producer.tasks, 1",
        "producer.tasks, 1000000",
        "producer.difficulty, 4",
        "producer.difficulty, 20",
        "max.difficulty, 31",
        "producer.rate, 0",
        "producer.rate, 0.5",
        "producer.rate, 5000",
        "partitions, 1",
    })
    void acceptsValuesWithinTheRules(String key, String value) {
        TaskProducerConfig config = new TaskProducerConfig(Map.of(key, value));
        assertEquals(value, String.valueOf(config.originals().get(key)));
    }

    @ParameterizedTest
    @CsvSource({
        "producer.tasks, 0",
        "producer.tasks, -5",
        "producer.tasks, many",
        "producer.difficulty, 3",
        "producer.difficulty, 32",
        "producer.difficulty, 21",
        "max.difficulty, 32",
        "producer.rate, -1",
        "producer.rate, NaN",
        "producer.rate, Infinity",
        "bootstrap.servers, ''",
        "tasks.topic, ''",
        "partitions, 0",
    })
    void rejectsValuesOutsideTheRulesNamingTheKey(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> new TaskProducerConfig(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void aCostAboveMaxDifficultyFailsSayingHowToRaiseIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> new TaskProducerConfig(Map.of(TaskProducerConfig.DIFFICULTY, "25")));
        assertTrue(e.getMessage().contains("producer.difficulty") && e.getMessage().contains("max.difficulty (20)")
                && e.getMessage().contains("--max-difficulty"), e.getMessage());
        assertEquals(31, new TaskProducerConfig(Map.of(TaskProducerConfig.DIFFICULTY, "31", CommonConfigs.MAX_DIFFICULTY, "31")).difficulty());
    }
}
