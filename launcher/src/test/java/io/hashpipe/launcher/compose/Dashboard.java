package io.hashpipe.launcher.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The provisioned Grafana dashboard: its panels' PromQL queries and the metric names they read. */
public record Dashboard(JsonNode json) {

    /** The dashboard file, relative to the repository root. */
    public static final Path FILE = Path.of("deploy", "grafana", "dashboards", "hashpipe.json");

    /** A metric name in a query: a word before a selector, a range or an operator, not a label or function. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:hashpipe|kafka|jvm|process|system)_[a-z0-9_]+)\\b");

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
        for (String query : queries()) {
            Matcher m = METRIC.matcher(query);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static void collect(JsonNode panel, List<String> queries) {
        for (JsonNode target : panel.path("targets")) {
            if (target.hasNonNull("expr")) {
                queries.add(target.get("expr").asText());
            }
        }
    }
}
