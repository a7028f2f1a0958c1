package io.hashpipe.launcher.compose;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code /metrics} answer in the Prometheus text format, read the way a test needs it. */
public record Scrape(String text) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    /** Every sample's metric name ({@code _bucket}, {@code _count}, {@code _sum} included). */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The sum of the samples named {@code name} whose labels contain {@code labelText} (e.g. {@code outcome="stored"}). */
    public double sum(String name, String labelText) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find() && m.group(1).equals(name)
                    && (labelText.isEmpty() || m.group(2) != null && m.group(2).contains(labelText))) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }
}
