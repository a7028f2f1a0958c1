package io.hashpipe.systemtests.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The provisioned Grafana dashboard: its panels' PromQL queries and the metric names they read. */
public record Dashboard(JsonNode json) {

    /** The dashboard file, relative to the repository root. */
    public static final Path FILE = Path.of("deploy", "grafana", "dashboards", "hashpipe.json");

    /** A metric name in a query: a word before a selector, a range or an operator, not a label or function. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:hashpipe|kafka|jvm|process|system)_[a-z0-9_]+)\\b");
    /** An aggregation's grouping: {@code by (a, b)}. */
    private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    /** A metric's equality matchers: {@code name{a="x", b="y"}}. */
    private static final Pattern SELECTOR = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\{([^}]*)}");
    private static final Pattern EQUALS = Pattern.compile("([a-z_][a-z0-9_]*)\\s*=\\s*\"([^\"]*)\"");

    public static Dashboard load() throws IOException {
        return new Dashboard(new ObjectMapper().readTree(ComposeFile.root().resolve(FILE).toFile()));
    }

    /** Every panel's queries ({@code targets[].expr}), rows' nested panels included. */
    public List<String> queries() {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            collect(panel, queries);
            for (JsonNode nested : panel.path("panels")) {
                collect(nested, queries);
            }
        }
        return queries;
    }

    /** The metric names the queries read. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        queries().forEach(query -> names.addAll(metricNames(query)));
        return names;
    }

    /** The metric names {@code query} reads. */
    public static Set<String> metricNames(String query) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(query);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The labels {@code query} groups by, anywhere in it: each metric it reads must carry them. */
    public static Set<String> groupingLabels(String query) {
        Set<String> labels = new TreeSet<>();
        Matcher m = BY.matcher(query);
        while (m.find()) {
            for (String label : m.group(1).split(",")) {
                labels.add(label.strip());
            }
        }
        return labels;
    }

    /** The {@code label="value"} matchers of {@code metric}'s selectors in {@code query}. */
    public static Map<String, String> matchers(String query, String metric) {
        Map<String, String> matchers = new TreeMap<>();
        Matcher m = SELECTOR.matcher(query);
        while (m.find()) {
            if (m.group(1).equals(metric)) {
                Matcher eq = EQUALS.matcher(m.group(2));
                while (eq.find()) {
                    matchers.put(eq.group(1), eq.group(2));
                }
            }
        }
        return matchers;
    }

    private static void collect(JsonNode panel, List<String> queries) {
        for (JsonNode target : panel.path("targets")) {
            if (target.hasNonNull("expr")) {
                queries.add(target.get("expr").asText());
            }
        }
    }
}
