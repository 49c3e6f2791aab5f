package io.cloudexfil.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone session cluster started with deploy/local-cluster/start-cluster, as a user starts
 * it: separate JVMs, pid files and logs in one folder. {@link #close} runs stop-cluster and then
 * makes sure every process it recorded has ended, also when a test failed.
 */
final class LocalCluster implements AutoCloseable {

    final Path dir;
    final int restPort;
    final List<String> metricsUrls = new ArrayList<>();

    private LocalCluster(Path dir, int restPort) {
        this.dir = dir;
        this.restPort = restPort;
    }

    static Path repo() {
        String prop = System.getProperty("hunt.repo");
        Path p = prop != null ? Path.of(prop) : Path.of("..");
        return p.toAbsolutePath().normalize();
    }

    static LocalCluster start(Path dir, int taskManagers, int slots, String... dynamicOptions) throws Exception {
        LocalCluster cluster = new LocalCluster(dir, freePort());
        List<String> cmd = new ArrayList<>(List.of(script("start-cluster"), "--dir", dir.toString(),
                "--taskmanagers", String.valueOf(taskManagers), "--slots", String.valueOf(slots),
                "--rest-port", String.valueOf(cluster.restPort)));
        for (String option : dynamicOptions) {
            cmd.add("-D");
            cmd.add(option);
        }
        Run run = Run.of(cmd, dir.resolve("start-cluster.out"), 600);
        if (run.exitCode() != 0) {
            cluster.close();
            throw new IllegalStateException("start-cluster failed (" + run.exitCode() + "):\n" + run.output());
        }
        for (String line : run.output().split("\n")) {
            if (line.startsWith("metrics ")) {
                cluster.metricsUrls.add(line.substring("metrics ".length()).trim());
            }
        }
        return cluster;
    }

    String jobmanager() {
        return "localhost:" + restPort;
    }

    /** Adds a TaskManager; returns its metrics URL. */
    String addTaskManager() throws Exception {
        Run run = Run.of(List.of(script("add-taskmanager"), "--dir", dir.toString()), dir.resolve("add-taskmanager.out"), 300);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("add-taskmanager failed:\n" + run.output());
        }
        String url = run.output().substring(run.output().indexOf("http://")).trim();
        metricsUrls.add(url);
        return url;
    }

    long pid(String process) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(process + ".pid")).trim());
    }

    /** SIGKILL to one process of the cluster, by its recorded pid. */
    void kill(String process) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid(process)).orElseThrow(() -> new IllegalStateException(process + " is not running"));
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    /** The recorded processes still alive. */
    List<Long> alive() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                long pid = Long.parseLong(Files.readString(f).trim());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    pids.add(pid);
                }
            }
        }
        return pids;
    }

    @Override
    public void close() throws Exception {
        List<Long> recorded = alive();
        Run.of(List.of(script("stop-cluster"), "--dir", dir.toString()), dir.resolve("stop-cluster.out"), 120);
        for (long pid : recorded) { // the script failed or timed out: these are still ours to stop
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
        }
    }

    private static String script(String name) {
        return repo().resolve("deploy/local-cluster").resolve(name).toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A finished command: exit code and what it printed (stdout and stderr). */
    record Run(int exitCode, String output) {

        static Run of(List<String> cmd, Path log, int timeoutSeconds) throws Exception {
            return of(cmd, log, timeoutSeconds, java.util.Map.of());
        }

        static Run of(List<String> cmd, Path log, int timeoutSeconds, java.util.Map<String, String> env) throws Exception {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new Run(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(timed out after " + timeoutSeconds + " s)");
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
