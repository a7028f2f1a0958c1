package io.hashpipe.common;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * A Kafka error that retrying cannot fix (credentials, permissions, fencing, versions, configuration): the
 * service stops with this, its message naming the cause and the fix, and the command exits 1. Everything
 * else a client throws is retried.
 */
public final class FatalKafkaException extends KafkaException {

    private FatalKafkaException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The fatal error in {@code e}'s causes, explained, or null when {@code e} is worth retrying.
     *
     * @param who what met the error, e.g. {@code "Hasher hashpipe-hasher-h-0"}
     */
    public static FatalKafkaException of(Throwable e, String who) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FatalKafkaException fatal) {
                return fatal;
            }
            String fix = fix(t);
            if (fix != null) {
                return new FatalKafkaException(who + " stopped: " + t.getClass().getSimpleName() + ": " + t.getMessage() + ". " + fix, t);
            }
        }
        return null;
    }

    private static String fix(Throwable t) {
        if (t instanceof AuthenticationException) {
            return "Kafka refused the credentials: check security.protocol, sasl.* and ssl.* in the --kafka-config file.";
        }
        if (t instanceof TopicAuthorizationException e) {
            return "Grant this principal Read/Write/Describe on topic(s) " + e.unauthorizedTopics() + " (kafka-acls), or run with another principal in --kafka-config.";
        }
        if (t instanceof GroupAuthorizationException e) {
            return "Grant this principal Read on consumer group '" + e.groupId() + "' (kafka-acls), or pick a group it may use with --group.";
        }
        if (t instanceof TransactionalIdAuthorizationException) {
            return "Grant this principal Write and Describe on the transactional id (kafka-acls --transactional-id), or set --transactional-id to one it may use.";
        }
        if (t instanceof ClusterAuthorizationException) {
            return "Grant this principal the cluster permission it lacks (IdempotentWrite or Create, kafka-acls --cluster), or create the topics beforehand.";
        }
        if (t instanceof AuthorizationException) {
            return "Grant this principal the permission named above (kafka-acls), or run with another principal in --kafka-config.";
        }
        if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
            return "Another process took over this transactional id: give each hasher its own --instance (or --transactional-id).";
        }
        if (t instanceof FencedInstanceIdException) {
            return "Another process joined the group with this group.instance.id: give each member its own --instance.";
        }
        if (t instanceof UnsupportedVersionException) {
            return "The broker is too old for what hashpipe asks (transactions with group metadata need Kafka 2.5 or newer,"
                    + " the consumer group protocol 4.0): upgrade the broker, or set group.protocol=classic in --kafka-config.";
        }
        if (t instanceof ConfigException || t instanceof InvalidConfigurationException || t instanceof SecurityDisabledException) {
            return "Fix the setting named above in the --kafka-config file (or the broker's configuration).";
        }
        if (t instanceof InvalidGroupIdException) {
            return "Give a valid consumer group with --group.";
        }
        if (t instanceof InvalidTopicException) {
            return "Give a valid topic name (letters, digits, . _ -, at most 249) with --tasks-topic, --results-topic or --dead-letters-topic.";
        }
        if (t instanceof GroupMaxSizeReachedException) {
            return "The group has as many members as the broker allows (group.max.size): stop a member or raise the broker's limit.";
        }
        return null;
    }
}
