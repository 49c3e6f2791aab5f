package io.cloudexfil.hunt.cli;

import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * The local Flink cluster of a command-line batch run, started on a background thread while the
 * SQL planner works, so that its start (about a second) no longer adds to the planner's. Flink's
 * local executor gets it from the factory it would otherwise make a cluster with, and shuts it
 * down with the job, as it does its own. Only for a process that runs one job (the CLI).
 */
final class EarlyCluster extends MiniCluster implements AutoCloseable {

    private static final String EXECUTOR = "cloudexfil-early-local";

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
        Configuration conf = new Configuration(base);
        conf.set(RestOptions.BIND_PORT, "0");
        EarlyCluster cluster = new EarlyCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .build());
        Thread t = new Thread(cluster::startNow, "cloudexfil-cluster-start");
        t.setDaemon(true);
        t.start();
        ContextEnvironment.install(cluster);
        return cluster;
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
        ContextEnvironment.uninstall();
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

    /** Jobs of this JVM run on the given cluster (StreamExecutionEnvironment's context hook). */
    private static final class ContextEnvironment extends StreamExecutionEnvironment {

        static void uninstall() {
            resetContextEnvironment();
        }

        static void install(EarlyCluster cluster) {
            ClassLoader loader = EarlyCluster.class.getClassLoader();
            PipelineExecutorFactory factory = new PipelineExecutorFactory() {
                @Override
                public String getName() {
                    return EXECUTOR;
                }

                @Override
                public boolean isCompatibleWith(Configuration configuration) {
                    return true;
                }

                @Override
                public PipelineExecutor getExecutor(Configuration configuration) {
                    return LocalExecutor.createWithFactory(configuration, clusterConfiguration -> cluster);
                }
            };
            PipelineExecutorServiceLoader executors = new PipelineExecutorServiceLoader() {
                @Override
                public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
                    return factory;
                }

                @Override
                public Stream<String> getExecutorNames() {
                    return Stream.of(EXECUTOR);
                }
            };
            initializeContextEnvironment(conf -> {
                Configuration withTarget = new Configuration(conf);
                withTarget.set(DeploymentOptions.TARGET, EXECUTOR);
                withTarget.set(DeploymentOptions.ATTACHED, true); // the local executor runs attached only
                return new StreamExecutionEnvironment(executors, withTarget, loader);
            });
        }
    }
}
