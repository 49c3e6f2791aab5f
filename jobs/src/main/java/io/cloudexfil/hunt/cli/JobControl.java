package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.pipeline.ClusterTarget;

import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code cancel} and {@code stop}: control a stream running on a session cluster through its REST API. */
final class JobControl {

    private JobControl() {}

    /** What both commands take: the cluster and the job. */
    abstract static class JobCommand implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--jobmanager", required = true, paramLabel = "HOST:PORT",
                description = "The session cluster's REST address.")
        String jobmanager;

        @Parameters(index = "0", paramLabel = "JOBID", description = "The 32-hex job id 'bin/hunt stream' printed.")
        String jobId;

        JobID job() {
            try {
                return JobID.fromHexString(jobId);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "'" + jobId + "' is not a job id (32 hex digits, as 'bin/hunt stream' prints it)");
            }
        }

        RestClusterClient<StandaloneClusterId> client() throws Exception {
            ClusterTarget cluster = HuntCli.cluster(spec.commandLine(), jobmanager);
            return new RestClusterClient<>(cluster.restConfiguration(), StandaloneClusterId.getInstance());
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            usageHelpWidth = 100,
            description = "Cancels a job on a session cluster. Its last checkpoints are kept (OUT/_checkpoints), "
                    + "so 'bin/hunt stream --restore OUT/_checkpoints' resumes it; to move or upgrade a stream, "
                    + "prefer 'bin/hunt stop --savepoint DIR'.",
            footerHeading = "%nExample:%n",
            footer = "  bin/hunt cancel --jobmanager localhost:8081 6f1c2a3b4d5e6f708192a3b4c5d6e7f8")
    static final class Cancel extends JobCommand {
        @Override
        public Integer call() throws Exception {
            JobID id = job();
            try (RestClusterClient<StandaloneClusterId> client = client()) {
                client.cancel(id).get(2, TimeUnit.MINUTES);
            }
            spec.commandLine().getOut().printf("cancelled job %s%n", id);
            return 0;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            usageHelpWidth = 100,
            description = "Stops a job on a session cluster with a savepoint in DIR and prints the savepoint's "
                    + "path. 'bin/hunt stream --restore PATH' with the same input and output resumes it there: "
                    + "alerts committed before the savepoint are not written again.",
            footerHeading = "%nExample:%n",
            footer = {
                "  bin/hunt stop --jobmanager localhost:8081 --savepoint /shared/savepoints \\",
                "      6f1c2a3b4d5e6f708192a3b4c5d6e7f8"
            })
    static final class Stop extends JobCommand {

        @Option(names = "--savepoint", required = true, paramLabel = "DIR",
                description = "Where the savepoint is written: a folder every TaskManager reaches (shared file "
                        + "system, s3://...).")
        String savepointDir;

        @Override
        public Integer call() throws Exception {
            JobID id = job();
            String path;
            try (RestClusterClient<StandaloneClusterId> client = client()) {
                String dir = io.cloudexfil.hunt.pipeline.BatchHunt.qualified(savepointDir).toString();
                path = client.stopWithSavepoint(id, false, dir, SavepointFormatType.CANONICAL).get(10, TimeUnit.MINUTES);
            }
            spec.commandLine().getOut().printf("stopped job %s%nsavepoint %s%n", id, path);
            return 0;
        }
    }
}
