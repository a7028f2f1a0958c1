package io.hashpipe.systemtests.compose;

import static io.hashpipe.testkit.PrometheusNames.counter;
import static io.hashpipe.testkit.PrometheusNames.gauge;
import static io.hashpipe.testkit.PrometheusNames.timerBuckets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.dbapi.DbApiMeters;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.operations.ExporterMeters;
import io.hashpipe.producer.ProducerMeters;
import io.hashpipe.saver.SaverMeters;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard checked without Grafana: importable anywhere, counters shown as rates or
 * increases, the stages' meters on it. ComposeServicesTest checks its queries against real scrapes.
 */
class DashboardTest {

    /**
     * The dashboard imports into any Grafana: every panel and query reads the datasource variable that its
     * {@code __inputs} entry fills on import, and that provisioning resolves to the default Prometheus.
     */
    @Test
    void dashboardReadsADatasourceVariableNotAFixedOne() throws IOException {
        Dashboard dashboard = Dashboard.load();
        JsonNode input = dashboard.json().path("__inputs").path(0);
        assertEquals(List.of("DS_PROMETHEUS", "datasource", "prometheus"),
                List.of(input.path("name").asText(), input.path("type").asText(), input.path("pluginId").asText()), "the import input");
        JsonNode variable = dashboard.json().path("templating").path("list").path(0);
        assertEquals(List.of("DS_PROMETHEUS", "datasource", "prometheus"),
                List.of(variable.path("name").asText(), variable.path("type").asText(), variable.path("query").asText()), "the variable");
        List<JsonNode> datasources = dashboard.json().findValues("datasource");
        assertTrue(datasources.size() > dashboard.queries().size(), "panels and queries name their datasource");
        for (JsonNode datasource : datasources) {
            assertEquals("${DS_PROMETHEUS}", datasource.path("uid").asText(), datasource::toString);
        }
        Map<?, ?> provisioned = (Map<?, ?>) ((List<?>) ComposeFile.yaml("deploy/grafana/provisioning/datasources/prometheus.yml").get("datasources")).get(0);
        assertEquals(List.of("prometheus", true), List.of(provisioned.get("type"), provisioned.get("isDefault")),
                "compose's datasource is the default Prometheus, which the variable picks");
    }

    @Test
    void dashboardShowsCountersAsRatesOrIncreasesNeverAsTheirRawValue() throws IOException {
        Pattern counter = Pattern.compile("\\b[a-z0-9_]+_total\\b");
        for (String query : Dashboard.load().queries()) {
            Matcher m = counter.matcher(query);
            while (m.find()) {
                String before = query.substring(0, m.start());
                assertTrue(before.endsWith("rate(") || before.endsWith("increase("),
                        () -> query + ": a counter restarts at 0 with its process; show its rate or increase");
            }
        }
    }

    @Test
    void dashboardShowsTheStagesMeters() throws IOException {
        Dashboard dashboard = Dashboard.load();
        assertTrue(dashboard.queries().size() >= 10, "the dashboard has its panels");
        for (String metric : List.of(counter(ProducerMeters.TASKS_SENT, ProducerMeters.TASKS_SENT_UNIT), counter(HasherMeters.HASHES),
                counter(SaverMeters.STORED), "kafka_consumer_fetch_manager_records_lag", gauge(ExporterMeters.GROUP_LAG), gauge(SaverMeters.IN_FLIGHT),
                gauge(SaverMeters.LIMIT), timerBuckets(DbApiMeters.REQUEST_DURATION), counter(HasherMeters.DEAD_LETTERS),
                counter(SaverMeters.DEAD_LETTERS))) {
            assertTrue(dashboard.metricNames().contains(metric), () -> "the dashboard shows " + metric);
        }
    }
}
