package io.cloudexfil.hunt.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The local Flink cluster of a command-line batch run, started on a background thread while the
 * SQL planner works, so that its start (about a second) no longer adds to the planner's. Flink's
 * local executor gets it from the factory it would otherwise make a cluster with, and shuts it
 * down with the job, as it does its own. Only for a process that runs one job (the CLI; the warm
 * JVM keeps one cluster for all its runs instead).
 */
public final class EarlyCluster extends MiniCluster implements AutoCloseable {

    private final CompletableFuture<Void> started = new CompletableFuture<>();

    private EarlyCluster(MiniClusterConfiguration configuration) {
        super(configuration);
    }

    /**
     * Starts a cluster with {@code slots} task slots in the background and makes it the cluster
     * the next job of this JVM runs on (through the context execution environment, as Flink's
     * own test clusters are installed).
     */
    public static EarlyCluster startForNextJob(Configuration base, int slots) {
        EarlyCluster cluster = new EarlyCluster(configuration(base, slots));
        Thread t = new Thread(cluster::startNow, "cloudexfil-cluster-start");
        t.setDaemon(true);
        t.start();
        LocalClusterContext.install(cluster);
        return cluster;
    }

    /** A batch run's local cluster: one TaskManager with {@code slots} slots, its REST endpoint on a free port. */
    public static MiniClusterConfiguration configuration(Configuration base, int slots) {
        Configuration conf = new Configuration(base);
        conf.set(RestOptions.BIND_PORT, "0");
        return new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .build();
    }

    private void startNow() {
        try {
            super.start();
            started.complete(null);
        } catch (Throwable e) {
            started.completeExceptionally(e);
        }
    }

    /**
     * Stops jobs of this JVM from running on this cluster, and stops it unless the job did (the
     * local executor stops it when the job ends); does not wait.
     */
    @Override
    public void close() {
        LocalClusterContext.uninstall();
        closeAsync();
    }

    /** Called by the local executor when it submits the job: waits for the start begun earlier. */
    @Override
    public void start() throws Exception {
        try {
            started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new Exception(e.getCause());
        }
    }
}
