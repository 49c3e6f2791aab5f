package io.cloudexfil.hunt.cli;

import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.stream.Stream;

/**
 * Makes a given local cluster the one the next jobs of this thread run on, through the context
 * execution environment (as Flink's own test clusters are installed). Flink's local executor gets
 * it from the factory it would otherwise make a cluster with: it starts it (a started cluster
 * must ignore that) and closes it when the job ends (a cluster kept between runs must ignore that).
 */
final class LocalClusterContext extends StreamExecutionEnvironment {

    private static final String EXECUTOR = "cloudexfil-local";

    private LocalClusterContext() {}

    static void install(MiniCluster cluster) {
        ClassLoader loader = LocalClusterContext.class.getClassLoader();
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

    static void uninstall() {
        resetContextEnvironment();
    }
}
