package io.cloudexfil.hunt.cli;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;

import java.nio.file.Path;

/**
 * What a command takes from the process it runs in. Run by {@code bin/hunt} in a JVM of its own,
 * it gets {@link #OWN_JVM}: relative paths are the JVM's, and a local run starts a cluster of its
 * own. The warm JVM ({@code cli.daemon}) runs commands for callers in other directories, on a
 * local cluster it keeps between runs, and cancels a run whose caller went away.
 */
public interface RunHost {

    /** A command in a JVM of its own. */
    RunHost OWN_JVM = new RunHost() {};

    /** The caller's working directory, against which relative local paths are resolved; null: this JVM's. */
    default Path workingDir() {
        return null;
    }

    /**
     * A running local cluster with at least {@code slots} task slots that outlives the job, or null:
     * the run starts a cluster of its own.
     */
    default MiniCluster localCluster(int slots) {
        return null;
    }

    /** The run's job was submitted. */
    default void submitted(JobClient job) {}
}
