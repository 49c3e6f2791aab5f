package io.cloudexfil.hunt.pipeline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A running Flink session cluster to submit to, by its REST address: the job is planned here and
 * its graph and the cluster jar (this application with its own libraries; Flink comes from the
 * cluster's lib/) are uploaded through the REST API, as Flink's own client does.
 *
 * The cluster jar ({@code jobs/target/cloudexfil-jobs-cluster.jar}) is looked for when a job is
 * submitted, not to cancel or stop one.
 */
public record ClusterTarget(String host, int port) {

    /** The system property bin/hunt sets to the cluster jar. */
    public static final String JAR_PROPERTY = "hunt.cluster-jar";

    /** @param hostPort {@code HOST:PORT} of the JobManager's REST API */
    public static ClusterTarget parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("--jobmanager " + hostPort + ": expected HOST:PORT (the REST API, e.g. localhost:8081)");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("--jobmanager " + hostPort + ": '" + hostPort.substring(colon + 1)
                    + "' is not a port number");
        }
        return new ClusterTarget(hostPort.substring(0, colon), port);
    }

    /** The cluster jar: as bin/hunt names it, else beside this application's jar. */
    static Path clusterJar() {
        String given = System.getProperty(JAR_PROPERTY);
        Path jar = given != null ? Path.of(given) : besideThisJar();
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("the cluster jar " + (jar == null ? "cloudexfil-jobs-cluster.jar" : jar)
                    + " is missing: build it with ./mvnw -B -DskipTests package");
        }
        return jar.toAbsolutePath();
    }

    private static Path besideThisJar() {
        try {
            Path here = Path.of(ClusterTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = here.getParent(); // of target/cloudexfil-jobs.jar, or of target/classes
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().matches("cloudexfil-jobs.*-cluster\\.jar"))
                        .findFirst().orElse(null);
            }
        } catch (URISyntaxException | java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Asks the REST API for the cluster's overview: a cluster that does not answer is one clear
     * error now (Flink's client would retry for a minute and then fail without saying why), and
     * one of another Flink version is named.
     *
     * @return the Flink version the cluster runs
     */
    public String requireReachable() {
        java.net.URI uri = java.net.URI.create("http://" + host + ":" + port + "/overview");
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(5)).build()
                    .send(java.net.http.HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(10)).GET().build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("--jobmanager " + this + " answered HTTP " + r.statusCode()
                        + " to " + uri + ": is it a Flink JobManager's REST address?");
            }
            String version = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("flink-version").asText("");
            if (version.isEmpty()) {
                throw new IllegalStateException("--jobmanager " + this + " is not a Flink JobManager's REST address");
            }
            return version;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no Flink cluster answers at " + this + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): start one, for example with "
                    + "deploy/local-cluster/start-cluster, or check --jobmanager", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + this + " for its overview", e);
        }
    }

    /** Makes a job of this configuration go to the cluster. */
    public void applyTo(Configuration conf, boolean attached) {
        Path jar = clusterJar();
        conf.set(DeploymentOptions.TARGET, "remote");
        conf.set(DeploymentOptions.ATTACHED, attached);
        conf.set(RestOptions.ADDRESS, host);
        conf.set(RestOptions.PORT, port);
        conf.set(PipelineOptions.JARS, List.of(new File(jar.toString()).toURI().toString()));
    }

    /** Flink's REST client configuration for this cluster. */
    public Configuration restConfiguration() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, host);
        conf.set(RestOptions.PORT, port);
        return conf;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
