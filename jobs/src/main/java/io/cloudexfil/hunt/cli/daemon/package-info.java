/**
 * The warm JVM: a JVM that {@code bin/hunt batch} leaves running and hands its next batch runs
 * to, so that a small run costs a second instead of a JVM's start, a local cluster's start and a
 * cold JIT. {@link io.cloudexfil.hunt.cli.daemon.HuntDaemon} runs commands through the same
 * {@link io.cloudexfil.hunt.cli.HuntCli} as a JVM of its own, on a kept local cluster;
 * {@link io.cloudexfil.hunt.cli.daemon.DaemonClient} is the caller's side, JDK classes only (it
 * starts in a tenth of a second). Between them a Unix domain socket in a folder only the user can
 * enter: whoever reaches it runs commands as that user. Nothing here is needed to run a hunt.
 */
package io.cloudexfil.hunt.cli.daemon;
