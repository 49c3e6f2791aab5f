package io.cloudexfil.hunt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudexfil.hunt.pipeline.ClusterTarget;

import org.apache.flink.api.common.JobID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The progress of a job on a session cluster, from the metrics its REST API serves (the sources'
 * {@code cloudexfil} gauges and the alert counters, summed over subtasks). The JobManager fetches
 * them from the TaskManagers every {@code metrics.fetcher.update-interval}.
 */
final class ClusterProgress implements Supplier<ProgressLine.Done> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ClusterProgress(ClusterTarget cluster, JobID job) {
        this.base = "http://" + cluster.host() + ":" + cluster.port() + "/jobs/" + job;
    }

    @Override
    public ProgressLine.Done get() {
        long files = 0;
        long bytes = 0;
        long events = 0;
        long alerts = 0;
        for (JsonNode vertex : fetch(base).path("vertices")) {
            String metrics = base + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : fetch(metrics)) {
                String id = m.path("id").asText();
                if (id.contains(".cloudexfil.") && (id.endsWith(".files") || id.endsWith(".bytes")
                        || id.endsWith(".events") || id.endsWith(".unparsed") || id.endsWith(".alerts"))) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            for (JsonNode m : fetch(metrics + "?agg=sum&get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8))) {
                String id = m.path("id").asText();
                long sum = (long) m.path("sum").asDouble();
                if (id.endsWith(".files")) {
                    files += sum;
                } else if (id.endsWith(".bytes")) {
                    bytes += sum;
                } else if (id.endsWith(".events") || id.endsWith(".unparsed")) {
                    events += sum; // lines read: parsed and passed over, as the embedded progress counts them
                } else {
                    alerts += sum;
                }
            }
        }
        return new ProgressLine.Done(files, bytes, events, alerts);
    }

    private JsonNode fetch(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + ": HTTP " + r.statusCode());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
