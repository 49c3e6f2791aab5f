package io.cloudexfil.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.cloudexfil.hunt.cli.HuntCli;
import io.cloudexfil.hunt.pipeline.StreamHunt;
import io.cloudexfil.hunt.source.kafka.KafkaSettings;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.FlinkSessionJob;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import picocli.CommandLine;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes manifests ({@code deploy/kubernetes/*.yaml}) and the image they run
 * ({@code deploy/Dockerfile}), without a cluster: every document is read into the Flink Kubernetes
 * operator's own model (Kubernetes' core kinds into fabric8's, which the operator's model is built
 * on) by a reader that rejects any field the model does not have, and the deployments are checked
 * against the cluster configuration, the build and the command line they run.
 */
class KubernetesManifestsTest {

    /**
     * Keys of deploy/conf/config.yaml sized for one small machine. A manifest sets its own: memory
     * as {@code jobManager/taskManager.resource.memory}, slots in its flinkConfiguration.
     */
    private static final Set<String> LOCAL_ONLY = Set.of(
            "jobmanager.memory.process.size",
            "taskmanager.memory.process.size",
            "taskmanager.numberOfTaskSlots");

    private static final List<String> OBJECT_STORES = List.of("s3://", "abfss://", "gs://");

    private static final String USRLIB = "/opt/flink/usrlib/";
    private static final String ENTRY_CLASS = "io.cloudexfil.hunt.cli.HuntJob";
    /** The operator's name for the Flink container in a pod template. */
    private static final String MAIN_CONTAINER = "flink-main-container";

    /**
     * Reads YAML into the model strictly. Besides failing on unknown properties, it ignores
     * fabric8's catch-all "additional properties" (with which its model would accept any field, a
     * misspelled one too) and any class's own leave to ignore unknown fields.
     */
    static final ObjectMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }

                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                    return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
                }
            })
            .build();

    private static final YAMLMapper YAML = new YAMLMapper();

    static Path repo;
    static String projectVersion;
    /** The cluster jar's file name, as jobs/pom.xml's shade execution writes it. */
    static String clusterJarName;
    static String flinkVersion;
    static List<Manifest> manifests;

    /** One document of a manifest file, as read into the model. */
    record Manifest(Path file, int document, Object resource) {
        @Override
        public String toString() {
            return repo.relativize(file) + "#" + document;
        }
    }

    @BeforeAll
    static void readEverything() throws Exception {
        String prop = System.getProperty("hunt.repo");
        repo = (prop != null ? Paths.get(prop) : Paths.get("..")).toAbsolutePath().normalize();
        assertThat(repo.resolve("deploy/conf/config.yaml")).as("hunt.repo is the repository root").isRegularFile();
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(repo.resolve("pom.xml").toFile());
        projectVersion = XPathFactory.newInstance().newXPath().evaluate("/project/version", pom);
        flinkVersion = XPathFactory.newInstance().newXPath().evaluate("/project/properties/flink.version", pom);
        assertThat(projectVersion).isNotBlank();
        Document jobsPom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(repo.resolve("jobs/pom.xml").toFile());
        String outputFile = XPathFactory.newInstance().newXPath().evaluate(
                "/project/build/plugins/plugin[artifactId='maven-shade-plugin']//outputFile", jobsPom);
        clusterJarName = outputFile.substring(outputFile.lastIndexOf('/') + 1);
        assertThat(clusterJarName).endsWith(".jar");
        assertThat(flinkVersion).isNotBlank();
        manifests = new ArrayList<>();
        for (Path file : manifestFiles()) {
            List<Object> resources = read(Files.readString(file));
            for (int i = 0; i < resources.size(); i++) {
                manifests.add(new Manifest(file, i, resources.get(i)));
            }
        }
    }

    static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.list(repo.resolve("deploy/kubernetes"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** Every document of a (multi-document) YAML text, each read into the model of its kind. */
    static List<Object> read(String yaml) throws IOException {
        List<Object> resources = new ArrayList<>();
        for (JsonNode doc : YAML.readerFor(JsonNode.class).readValues(yaml).readAll().stream()
                .map(JsonNode.class::cast).toList()) {
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
                continue; // an empty document (a trailing ---)
            }
            resources.add(toModel((ObjectNode) doc));
        }
        return resources;
    }

    static Object toModel(ObjectNode doc) throws IOException {
        String kind = doc.path("kind").asText();
        String apiVersion = doc.path("apiVersion").asText();
        switch (kind) {
            case "FlinkDeployment" -> {
                assertThat(apiVersion).as(kind).isEqualTo("flink.apache.org/v1beta1");
                return STRICT.treeToValue(withFlinkVersionChecked(doc), FlinkDeployment.class);
            }
            case "FlinkSessionJob" -> {
                assertThat(apiVersion).as(kind).isEqualTo("flink.apache.org/v1beta1");
                return STRICT.treeToValue(doc, FlinkSessionJob.class);
            }
            case "Secret" -> {
                assertThat(apiVersion).as(kind).isEqualTo("v1");
                return STRICT.treeToValue(doc, Secret.class);
            }
            default -> throw new AssertionError("a manifest of an unexpected kind: '" + kind + "'");
        }
    }

    /**
     * The operator API this test reads with (1.10.0) predates Flink 2: its FlinkVersion stops at
     * v1_20 (operator 1.11 added v2_0, 1.15 v2_3). A version it does not know is checked to name the
     * project's Flink version and left out of the strict read; one it knows is read.
     */
    static ObjectNode withFlinkVersionChecked(ObjectNode doc) {
        ObjectNode copy = doc.deepCopy();
        JsonNode spec = copy.path("spec");
        String version = spec.path("flinkVersion").asText();
        String expected = "v" + flinkVersion.replaceAll("^(\\d+)\\.(\\d+).*$", "$1_$2");
        assertThat(version).as("spec.flinkVersion of a Flink %s image", flinkVersion).isEqualTo(expected);
        if (Arrays.stream(FlinkVersion.values()).noneMatch(v -> v.name().equals(version))) {
            ((ObjectNode) spec).remove("flinkVersion");
        }
        return copy;
    }

    static List<FlinkDeployment> deployments() {
        return manifests.stream().map(Manifest::resource)
                .filter(FlinkDeployment.class::isInstance).map(FlinkDeployment.class::cast).toList();
    }

    static FlinkDeployment deploymentRunning(String command) {
        List<FlinkDeployment> found = deployments().stream()
                .filter(d -> d.getSpec().getJob() != null && d.getSpec().getJob().getArgs().length > 0
                        && d.getSpec().getJob().getArgs()[0].equals(command))
                .toList();
        assertThat(found).as("FlinkDeployments running '%s'", command).hasSize(1);
        return found.get(0);
    }

    /** The args as the hunt's command line parses them (unknown options and bad values fail here). */
    static CommandLine.ParseResult parse(JobSpec job) {
        return new CommandLine(new HuntCli()).parseArgs(job.getArgs()).subcommand();
    }

    /** deploy/conf/config.yaml with its nested keys joined by dots, each value as text. */
    static Map<String, String> clusterConfiguration() throws IOException {
        Map<String, String> flat = new TreeMap<>();
        flatten("", YAML.readTree(repo.resolve("deploy/conf/config.yaml").toFile()), flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
            }
        } else {
            into.put(prefix, node.asText());
        }
    }

    static boolean inObjectStorage(String uri) {
        return uri != null && OBJECT_STORES.stream().anyMatch(uri::startsWith);
    }

    static String clusterJar() {
        return clusterJarName;
    }

    @Test
    void everyManifestIsReadIntoTheOperatorsModel() throws IOException {
        assertThat(manifestFiles()).isNotEmpty();
        assertThat(manifests).extracting(m -> m.resource().getClass().getSimpleName())
                .contains("FlinkDeployment", "Secret");
        assertThat(deployments()).hasSizeGreaterThanOrEqualTo(2);
        for (FlinkDeployment d : deployments()) {
            assertThat(d.getMetadata().getName()).as("metadata.name").isNotBlank();
        }
    }

    @Test
    void aMisspelledFieldOfTheOperatorsSpecIsRejected() throws IOException {
        String stream = Files.readString(repo.resolve("deploy/kubernetes/hunt-stream.yaml"));
        assertThat(read(stream)).hasSize(1);
        assertThat(stream).contains("    upgradeMode: savepoint");
        assertThatThrownBy(() -> read(stream.replace("    upgradeMode: savepoint", "    upgradMode: savepoint")))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("upgradMode");
    }

    @Test
    void aMisspelledFieldInsideKubernetesCoreKindsIsRejected() throws IOException {
        String stream = Files.readString(repo.resolve("deploy/kubernetes/hunt-stream.yaml"));
        assertThat(stream).contains("secretKeyRef:");
        assertThatThrownBy(() -> read(stream.replace("secretKeyRef:", "secretKeyref:")))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("secretKeyref");
        String secret = Files.readString(repo.resolve("deploy/kubernetes/eventhubs-secret.yaml"));
        assertThat(read(secret)).hasSize(1);
        assertThatThrownBy(() -> read(secret.replace("stringData:", "stringdata:")))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("stringdata");
    }

    @Test
    void aDocumentOfAnotherKindIsRejected() {
        assertThatThrownBy(() -> read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"))
                .hasMessageContaining("unexpected kind");
    }

    @Test
    void everyDeploymentCarriesTheClusterConfiguration() throws IOException {
        Map<String, String> cluster = clusterConfiguration();
        assertThat(cluster).containsKeys(LOCAL_ONLY.toArray(String[]::new));
        for (FlinkDeployment d : deployments()) {
            Map<String, String> conf = d.getSpec().getFlinkConfiguration();
            String name = d.getMetadata().getName();
            cluster.forEach((key, value) -> {
                if (!LOCAL_ONLY.contains(key)) {
                    assertThat(conf).as("%s: flinkConfiguration", name).containsEntry(key, value);
                }
            });
            // the local-only sizes, set by the deployment itself
            assertThat(conf).as("%s: flinkConfiguration", name).containsKey("taskmanager.numberOfTaskSlots");
            assertThat(d.getSpec().getJobManager().getResource().getMemory()).as("%s: jobManager memory", name).isNotBlank();
            assertThat(d.getSpec().getTaskManager().getResource().getMemory()).as("%s: taskManager memory", name).isNotBlank();
        }
    }

    @Test
    void everyDeploymentRunsTheClusterJarOfTheImage() throws Exception {
        Method main = Class.forName(ENTRY_CLASS).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
        for (FlinkDeployment d : deployments()) {
            FlinkDeploymentSpec spec = d.getSpec();
            JobSpec job = spec.getJob();
            String name = d.getMetadata().getName();
            assertThat(spec.getImage()).as("%s: image", name).startsWith("cloudexfil-hunt:");
            assertThat(job).as("%s: application mode", name).isNotNull();
            assertThat(job.getJarURI()).as("%s: jarURI", name).isEqualTo("local://" + USRLIB + clusterJar());
            assertThat(job.getEntryClass()).as("%s: entryClass", name).isEqualTo(ENTRY_CLASS);
            // the hunt's default parallelism is the cores of the JobManager it is planned on
            CommandLine.ParseResult args = parse(job);
            assertThat(args.matchedOptionValue("--parallelism", 0)).as("%s: --parallelism", name)
                    .isEqualTo(job.getParallelism()).isPositive();
        }
    }

    @Test
    void theStreamKeepsItsStateInObjectStorageAndUpgradesThroughASavepoint() {
        FlinkDeployment d = deploymentRunning("stream");
        JobSpec job = d.getSpec().getJob();
        Map<String, String> conf = d.getSpec().getFlinkConfiguration();
        assertThat(job.getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
        assertThat(conf).containsEntry("high-availability.type", "kubernetes");
        assertThat(conf.get("high-availability.storageDir")).matches(KubernetesManifestsTest::inObjectStorage);
        assertThat(conf.get("execution.checkpointing.dir")).matches(KubernetesManifestsTest::inObjectStorage);
        assertThat(conf.get("execution.checkpointing.savepoint-dir")).matches(KubernetesManifestsTest::inObjectStorage);

        CommandLine.ParseResult args = parse(job);
        String output = args.matchedOptionValue("--output", (String) null);
        assertThat(output).matches(KubernetesManifestsTest::inObjectStorage);
        // the job writes its checkpoints under its output: the operator must look there too
        assertThat(conf.get("execution.checkpointing.dir"))
                .isEqualTo(output.replaceAll("/+$", "") + "/" + StreamHunt.CHECKPOINTS_DIR);
        // the operator restores the job; a --restore of its own would override that
        assertThat(args.hasMatchedOption("--restore")).isFalse();
        assertThat(args.matchedOptionValue("--kafka-bootstrap", "")).endsWith(".servicebus.windows.net:9093");
    }

    @Test
    void theEventHubsConnectionStringComesFromTheExampleSecret() {
        FlinkDeployment d = deploymentRunning("stream");
        PodTemplateSpec pod = d.getSpec().getPodTemplate();
        assertThat(pod).as("spec.podTemplate (JobManager and TaskManagers)").isNotNull();
        Container main = pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(MAIN_CONTAINER)).findFirst().orElseThrow();
        EnvVar env = main.getEnv().stream()
                .filter(e -> e.getName().equals(KafkaSettings.EVENTHUBS_ENV)).findFirst().orElseThrow();
        assertThat(env.getValue()).as("a connection string never in the manifest").isNull();
        SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
        assertThat(ref).isNotNull();

        List<Secret> secrets = manifests.stream().map(Manifest::resource)
                .filter(Secret.class::isInstance).map(Secret.class::cast)
                .filter(s -> s.getMetadata().getName().equals(ref.getName())).toList();
        assertThat(secrets).as("a Secret named %s among the manifests", ref.getName()).hasSize(1);
        Map<String, String> data = secrets.get(0).getStringData();
        assertThat(data).containsKey(ref.getKey());
        // an example: placeholders, no key
        assertThat(data.get(ref.getKey())).startsWith("Endpoint=sb://").contains("<key>");
    }

    @Test
    void theBackfillIsAStatelessBatchRunOverAWindow() {
        FlinkDeployment d = deploymentRunning("batch");
        JobSpec job = d.getSpec().getJob();
        assertThat(job.getUpgradeMode()).isEqualTo(UpgradeMode.STATELESS);
        CommandLine.ParseResult args = parse(job);
        Instant from = args.matchedOptionValue("--from", (Instant) null);
        Instant to = args.matchedOptionValue("--to", (Instant) null);
        assertThat(from).isNotNull();
        assertThat(to).isNotNull().isAfter(from);
        assertThat(args.matchedOptionValue("--input", (String) null)).matches(KubernetesManifestsTest::inObjectStorage);
        assertThat(args.matchedOptionValue("--output", (String) null)).matches(KubernetesManifestsTest::inObjectStorage);
    }

    @Test
    void theDockerfileBuildsTheImageTheManifestsRun() throws IOException {
        String dockerfile = Files.readString(repo.resolve("deploy/Dockerfile"));
        List<String> instructions = Arrays.stream(dockerfile.replace("\\\n", " ").split("\n"))
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(instructions.get(0)).as("the base image")
                .startsWith("FROM flink:" + flinkVersion + "-").endsWith("-java17");
        assertThat(instructions).as("the cluster jar the build makes, copied into usrlib/")
                .anyMatch(l -> l.startsWith("COPY ") && l.contains(" jobs/target/" + clusterJar() + " ")
                        && l.endsWith(" " + USRLIB));
        String run = String.join("\n", instructions);
        // file systems as plugins, each in its own folder, from the distribution's opt/
        assertThat(run).contains("cp ./opt/flink-s3-fs-hadoop-*.jar ./plugins/s3-fs-hadoop/");
        assertThat(run).contains("cp ./opt/flink-azure-fs-hadoop-*.jar ./plugins/azure-fs-hadoop/");
        // the Prometheus reporter the configuration names: a plugin of the distribution
        assertThat(run).contains("plugins/metrics-prometheus/flink-metrics-prometheus-");
        assertThat(clusterConfiguration()).containsEntry("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    }
}
