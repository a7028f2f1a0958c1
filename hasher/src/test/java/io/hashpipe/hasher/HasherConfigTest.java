package io.hashpipe.hasher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HasherConfigTest {

    @Test
    void defaultsUseEveryCoreAndTheHashersGroup() {
        HasherConfig config = new HasherConfig(Map.of());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.threads());
        assertEquals(HasherConfig.DEFAULT_GROUP, config.getString(CommonConfigs.GROUP));
        assertEquals(500, config.transactionMaxRecords());
        assertEquals(500, config.transactionMaxMs());
        assertTrue(config.fastBcrypt(), "hashpipe's bcrypt unless told otherwise");
    }

    @Test
    void springsBcryptIsChosenByNameAndAnUnknownOneIsRefusedNamingTheValidOnes() {
        assertFalse(new HasherConfig(Map.of(HasherConfig.BCRYPT_IMPL, HasherConfig.BCRYPT_SPRING)).fastBcrypt());
        assertTrue(new HasherConfig(Map.of(HasherConfig.BCRYPT_IMPL, HasherConfig.BCRYPT_FAST)).fastBcrypt());
        ConfigException e = assertThrows(ConfigException.class, () -> new HasherConfig(Map.of(HasherConfig.BCRYPT_IMPL, "jbcrypt")));
        assertTrue(e.getMessage().contains("hasher.bcrypt.impl") && e.getMessage().contains("fast, spring"), e.getMessage());
    }

    @Test
    void theTransactionalIdIsDerivedFromHostAndInstanceUnlessGiven() {
        String derived = new HasherConfig(Map.of(HasherConfig.INSTANCE, "3")).transactionalId();
        assertEquals(HasherConfig.TRANSACTIONAL_ID_PREFIX + io.hashpipe.common.GroupMembers.hostname() + "-3", derived);
        assertEquals(derived, new HasherConfig(Map.of(HasherConfig.INSTANCE, "3")).transactionalId(), "stable");
        assertTrue(!derived.equals(new HasherConfig(Map.of(HasherConfig.INSTANCE, "4")).transactionalId()));
        assertEquals("hasher-eu-1", new HasherConfig(Map.of(HasherConfig.TRANSACTIONAL_ID, "hasher-eu-1")).transactionalId());
    }

    @ParameterizedTest
    @CsvSource({
        "hasher.threads, 1",
        "hasher.threads, 64",
        "hasher.instance, 0",
        "hasher.instance, 17",
        "hasher.transactional.id, ''",
        "hasher.transactional.id, hashpipe-hasher-node1.example.com-0",
        "hasher.transaction.max.records, 1",
        "hasher.transaction.max.ms, 5000",
        "group, my-hashers",
        "hasher.bcrypt.impl, spring",
        "hasher.bcrypt.impl, fast",
    })
    void acceptsValuesWithinTheRules(String key, String value) {
        HasherConfig config = new HasherConfig(Map.of(key, value));
        assertEquals(value, String.valueOf(config.originals().get(key)));
    }

    @ParameterizedTest
    @CsvSource({
        "hasher.threads, 0",
        "hasher.threads, -1",
        "hasher.threads, lots",
        "hasher.instance, -1",
        "hasher.transactional.id, has space",
        "hasher.transactional.id, tab\there",
        "hasher.transaction.max.records, 0",
        "hasher.transaction.max.ms, 0",
        "hasher.transaction.max.ms, 600000",
        "group, ''",
        "results.topic, ''",
        "bootstrap.servers, ''",
        "hasher.bcrypt.impl, openbsd",
        "hasher.bcrypt.impl, ''",
    })
    void rejectsValuesOutsideTheRulesNamingTheKey(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> new HasherConfig(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
