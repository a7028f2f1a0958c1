package io.hashpipe.common;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FatalKafkaExceptionTest {

    static Stream<Arguments> fatal() {
        return Stream.of(
                Arguments.of(new SaslAuthenticationException("Authentication failed"), "sasl.*"),
                Arguments.of(new SslAuthenticationException("SSL handshake failed"), "ssl.*"),
                Arguments.of(new TopicAuthorizationException(Set.of("hashpipe.tasks")), "hashpipe.tasks"),
                Arguments.of(new GroupAuthorizationException("denied", "hashpipe-saver"), "hashpipe-saver"),
                Arguments.of(new TransactionalIdAuthorizationException("denied"), "--transactional-id"),
                Arguments.of(new ClusterAuthorizationException("denied"), "IdempotentWrite"),
                Arguments.of(new ProducerFencedException("fenced"), "--instance"),
                Arguments.of(new InvalidProducerEpochException("epoch"), "--instance"),
                Arguments.of(new FencedInstanceIdException("fenced"), "--instance"),
                Arguments.of(new UnsupportedVersionException("too old"), "upgrade the broker"),
                Arguments.of(new ConfigException("sasl.mechanism", "FOO", "unknown"), "--kafka-config"));
    }

    @ParameterizedTest
    @MethodSource("fatal")
    void aFatalErrorIsExplainedWithItsFix(Exception error, String fix) {
        FatalKafkaException fatal = FatalKafkaException.of(new KafkaException("wrapped", error), "Saver");
        assertNotNull(fatal, error.toString());
        assertTrue(fatal.getMessage().startsWith("Saver stopped: " + error.getClass().getSimpleName()), fatal.getMessage());
        assertTrue(fatal.getMessage().contains(fix), fatal.getMessage());
        assertSame(error, fatal.getCause());
    }

    static Stream<Exception> retriable() {
        return Stream.of(new TimeoutException("t"), new NotLeaderOrFollowerException("n"), new DisconnectException("d"),
                new CoordinatorLoadInProgressException("c"), new RebalanceInProgressException("r"), new CommitFailedException(),
                new KafkaException("something else"), new IllegalStateException("a bug of ours"));
    }

    @ParameterizedTest
    @MethodSource("retriable")
    void anErrorRetryingCanFixIsNotFatal(Exception error) {
        assertNull(FatalKafkaException.of(error, "Saver"));
    }

    @Test
    void anExplainedErrorIsKeptAsItIs() {
        FatalKafkaException first = FatalKafkaException.of(new ProducerFencedException("fenced"), "Hasher h-0");
        assertSame(first, FatalKafkaException.of(new RuntimeException(first), "Hasher h-0"));
    }
}
