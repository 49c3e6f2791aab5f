package io.cloudexfil.hunt.cli.daemon;

import io.cloudexfil.hunt.cli.EarlyCluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The warm JVM's local cluster, started once and kept for all its runs: starting one costs about
 * 1.4 s even in a warm JVM (most of it Pekko's actor system). Flink's local executor starts the
 * cluster it is given before a job and closes it after: both are no-ops here until {@link #retire}.
 */
final class WarmCluster extends MiniCluster {

    private volatile boolean retired;

    private WarmCluster(MiniClusterConfiguration configuration) {
        super(configuration);
    }

    static WarmCluster start(Configuration base, int slots) throws Exception {
        WarmCluster cluster = new WarmCluster(EarlyCluster.configuration(base, slots));
        cluster.startOnce();
        return cluster;
    }

    private void startOnce() throws Exception {
        super.start();
    }


    /** The local executor's start of a job's cluster: this one runs already. */
    @Override
    public void start() {
        if (!isRunning()) {
            throw new IllegalStateException("the warm JVM's local cluster has stopped");
        }
    }

    /** The local executor's close after a job: this cluster stays, until {@link #retire}. */
    @Override
    public CompletableFuture<Void> closeAsync() {
        return retired ? super.closeAsync() : CompletableFuture.completedFuture(null);
    }

    /** Stops the cluster. */
    void retire() throws Exception {
        retired = true;
        super.closeAsync().get(30, TimeUnit.SECONDS);
    }
}
