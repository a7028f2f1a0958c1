package io.hashpipe.systemtests.compose;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code /metrics} answer in the Prometheus text format, read the way a test needs it. */
public record Scrape(String text) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample: its metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** Every sample, in the answer's order. */
    public List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                Map<String, String> labels = new LinkedHashMap<>();
                Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
        }
        return samples;
    }

    /** Every sample's metric name ({@code _bucket}, {@code _count}, {@code _sum} included). */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        samples().forEach(s -> names.add(s.name()));
        return names;
    }

    /** The sum of the samples named {@code name} whose labels include every one of {@code labels}. */
    public double sum(String name, Map<String, String> labels) {
        return samples().stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    /** The label names that samples named {@code name} carry. */
    public Set<String> labelNames(String name) {
        Set<String> labels = new LinkedHashSet<>();
        samples().stream().filter(s -> s.name().equals(name)).forEach(s -> labels.addAll(s.labels().keySet()));
        return labels;
    }

    /**
     * The series exported more than once under two spellings of one topic: the same name and labels once
     * the {@code topic} label's dots are read as underscores (Kafka's deprecated twins, KIP-1109).
     */
    public List<String> topicTwins() {
        Map<String, String> seen = new HashMap<>();
        List<String> twins = new ArrayList<>();
        for (Sample sample : samples()) {
            Map<String, String> labels = new TreeMap<>(sample.labels());
            labels.computeIfPresent("topic", (k, topic) -> topic.replace('.', '_'));
            String key = sample.name() + labels;
            String first = seen.putIfAbsent(key, sample.toString());
            if (first != null) {
                twins.add(first + " and " + sample);
            }
        }
        return twins;
    }
}
