package io.hashpipe.operations;

import io.hashpipe.common.DbApiContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * One screen of {@code hashpipe status}: per stage, its group's members and lag per partition (the brokers'
 * view, {@link GroupLag}), the records in its dead-letter topic, and the database's row count.
 */
public final class PipelineStatus {

    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A stage: the topic its group reads, the group, and its dead-letter topic. */
    public record Stage(String name, String topic, String group, String deadLetters) {
    }

    private PipelineStatus() {
    }

    /**
     * The screen for {@code stages}, read now; the row count of {@code dbBase}'s {@code GET /count} when it is given.
     *
     * @throws KafkaException when the brokers do not answer
     */
    public static String read(Admin admin, List<Stage> stages, URI dbBase) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("hashpipe status at %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS)));
        GroupLag lag = new GroupLag(admin, new SimpleMeterRegistry(), stages.stream().map(Stage::group).toList());
        Map<String, Map<TopicPartition, Long>> lags = lag.current();
        Map<String, ConsumerGroupDescription> groups = describe(admin, stages);
        Map<String, Long> deadLetters = records(admin, stages.stream().map(Stage::deadLetters).toList());
        for (Stage stage : stages) {
            text.append(stageText(stage, groups.get(stage.group()), lags.getOrDefault(stage.group(), Map.of()), deadLetters));
        }
        if (dbBase != null) {
            text.append(String.format("%-9s %s: %s%n", "database", dbBase, rows(dbBase)));
        }
        return text.toString();
    }

    static String stageText(Stage stage, ConsumerGroupDescription group, Map<TopicPartition, Long> lag, Map<String, Long> deadLetters) {
        StringBuilder text = new StringBuilder();
        List<MemberDescription> members = new ArrayList<>(group == null ? List.of() : group.members());
        members.sort(Comparator.comparing(MemberDescription::clientId));
        text.append(String.format("%n%-9s %s -> group %s (%s, %d member%s)%n", stage.name(), stage.topic(), stage.group(),
                group == null ? "no such group" : group.groupState().toString(), members.size(), members.size() == 1 ? "" : "s"));
        for (MemberDescription member : members) {
            List<Integer> partitions = member.assignment().topicPartitions().stream()
                    .filter(p -> p.topic().equals(stage.topic())).map(TopicPartition::partition).sorted().toList();
            text.append(String.format("  member  %s on %s, partitions %s%n", member.clientId(), member.host().replaceFirst("^/", ""),
                    partitions.isEmpty() ? "none" : partitions.stream().map(String::valueOf).collect(Collectors.joining(","))));
        }
        List<Map.Entry<TopicPartition, Long>> ofTopic = lag.entrySet().stream().filter(e -> e.getKey().topic().equals(stage.topic()))
                .sorted(Comparator.comparingInt(e -> e.getKey().partition())).toList();
        long total = ofTopic.stream().mapToLong(Map.Entry::getValue).sum();
        text.append(ofTopic.isEmpty() ? String.format("  lag     none committed yet%n")
                : String.format("  lag     %,d: %s%n", total, ofTopic.stream().map(e -> "p" + e.getKey().partition() + " " + e.getValue())
                        .collect(Collectors.joining(", "))));
        Long dead = deadLetters.get(stage.deadLetters());
        text.append(String.format("  dead letters  %s: %s%n", stage.deadLetters(), dead == null ? "no such topic" : String.format("%,d", dead)));
        return text.toString();
    }

    private static Map<String, ConsumerGroupDescription> describe(Admin admin, List<Stage> stages) {
        Map<String, ConsumerGroupDescription> described = new HashMap<>();
        admin.describeConsumerGroups(stages.stream().map(Stage::group).distinct().toList()).describedGroups().forEach((group, future) -> {
            try {
                described.put(group, future.get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw new KafkaException("Describing group " + group + " failed: " + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted", e);
            }
        });
        return described;
    }

    /** The records each topic holds now (end offsets less start offsets, summed over its partitions); a missing topic is left out. */
    private static Map<String, Long> records(Admin admin, List<String> topics) {
        Map<String, Long> records = new HashMap<>();
        for (String topic : topics) {
            try {
                List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                partitions.forEach(p -> {
                    latest.put(p, OffsetSpec.latest());
                    earliest.put(p, OffsetSpec.earliest());
                });
                long ends = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
                long starts = admin.listOffsets(earliest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
                records.put(topic, ends - starts);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new KafkaException("Reading " + topic + "'s offsets failed: " + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted", e);
            }
        }
        return records;
    }

    /** The row count from {@code GET /count}, or why there is none (the status shows the rest all the same). */
    static String rows(URI base) {
        URI count = URI.create(base.toString().replaceFirst("/+$", "") + DbApiContract.COUNT);
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(count).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = COUNT.matcher(answer.body());
            if (answer.statusCode() == 200 && m.find()) {
                return String.format("%,d rows", Long.parseLong(m.group(1)));
            }
            return "GET " + count + " answered " + answer.statusCode();
        } catch (IOException e) {
            return "no answer from " + count + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
