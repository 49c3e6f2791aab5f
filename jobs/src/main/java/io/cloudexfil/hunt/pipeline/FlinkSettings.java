package io.cloudexfil.hunt.pipeline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;
import org.apache.flink.core.plugin.PluginUtils;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flink's configuration and file systems for the runs of this process, found where Flink's own
 * processes find them: the configuration in {@code $FLINK_CONF_DIR/config.yaml} (unset: Flink's
 * defaults), the file system plugins in the folders under {@code $FLINK_PLUGINS_DIR} (bin/hunt:
 * jobs/target/plugins, with s3://, abfss://, gs://). The CLI calls {@link #initialize} once, before
 * a command runs; each job's configuration starts from the one loaded
 * ({@link HuntPipeline#baseConfiguration}), so the tasks of the local cluster see the same
 * settings. An S3 endpoint and credentials are keys of that configuration ({@code s3.endpoint},
 * {@code s3.path.style.access}, {@code s3.access-key}, {@code s3.secret-key}) or come from AWS's
 * default chain.
 */
public final class FlinkSettings {

    public static final String CONF_DIR_ENV = "FLINK_CONF_DIR";
    public static final String PLUGINS_DIR_ENV = "FLINK_PLUGINS_DIR";

    /** The Flink plugin that serves a scheme, for the advice of a missing file system. */
    private static final Map<String, String> PLUGIN_OF_SCHEME = Map.of(
            "s3", "flink-s3-fs-hadoop", "s3a", "flink-s3-fs-hadoop", "s3p", "flink-s3-fs-presto",
            "abfs", "flink-azure-fs-hadoop", "abfss", "flink-azure-fs-hadoop",
            "wasb", "flink-azure-fs-hadoop", "wasbs", "flink-azure-fs-hadoop",
            "gs", "flink-gs-fs-hadoop", "oss", "flink-oss-fs-hadoop");

    private static volatile Configuration loaded = new Configuration();

    private FlinkSettings() {}

    /** A path whose scheme has no file system here: the message is one line saying what to do. */
    public static final class NoFileSystemException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final boolean pluginMissing;

        NoFileSystemException(String message, boolean pluginMissing, Throwable cause) {
            super(message, cause);
            this.pluginMissing = pluginMissing;
        }

        /** True: a scheme Flink serves through a plugin that is not installed; false: an unknown scheme. */
        public boolean pluginMissing() {
            return pluginMissing;
        }
    }

    /**
     * Loads the configuration ({@code $FLINK_CONF_DIR/config.yaml} when the variable is set) and
     * initialises Flink's file systems with it and, when one of {@code paths} has a scheme other
     * than {@code file}, the plugins of {@code $FLINK_PLUGINS_DIR}. (A plugin may set up a client
     * when it is loaded: Google Cloud Storage's takes about a second, which a local run need not pay.)
     *
     * @param paths the paths and URIs the command will read or write
     * @throws IllegalArgumentException when FLINK_CONF_DIR is set but holds no readable config.yaml
     */
    public static synchronized Configuration initialize(Collection<String> paths) {
        String dir = System.getenv(CONF_DIR_ENV);
        Configuration conf;
        if (dir == null || dir.isBlank()) {
            conf = new Configuration();
        } else {
            try {
                conf = GlobalConfiguration.loadConfiguration(dir);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(CONF_DIR_ENV + "=" + dir + ": " + e.getMessage(), e);
            }
        }
        boolean remote = paths.stream().anyMatch(p -> {
            String scheme = new Path(p).toUri().getScheme();
            return scheme != null && !scheme.equalsIgnoreCase("file");
        });
        FileSystem.initialize(conf, remote ? PluginUtils.createPluginManagerFromRootFolder(conf) : null);
        loaded = conf;
        return new Configuration(conf);
    }

    /** A copy of the configuration {@link #initialize} loaded (empty before). */
    public static Configuration configuration() {
        return new Configuration(loaded);
    }

    /**
     * Opens the file system of a path given on the command line (Flink caches it for the run), so
     * that a scheme without one is an error now rather than when a task opens the path.
     *
     * @throws NoFileSystemException when Flink has no file system for the scheme
     * @throws IOException when the file system cannot be set up (its configuration, say)
     */
    public static void requireFileSystem(String location) throws IOException {
        URI uri = new Path(location).toUri();
        try {
            FileSystem.get(uri);
        } catch (UnsupportedFileSystemSchemeException e) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String plugin = PLUGIN_OF_SCHEME.get(scheme);
            if (plugin != null) {
                throw new NoFileSystemException("no file system for " + location + ": " + scheme
                        + ":// needs Flink's plugin " + plugin + ", which is not in " + PLUGINS_DIR_ENV + " ("
                        + pluginsDir() + "); put its jar in a folder of its own there (bin/hunt's build puts it in "
                        + "jobs/target/plugins/)", true, e);
            }
            throw new NoFileSystemException("no file system for " + location + ": unknown scheme '" + scheme
                    + "'; give a local path or a URI of a file system here: " + String.join(", ", schemes()), false, e);
        }
    }

    /** The schemes of the file systems Flink has here. */
    static Set<String> schemes() {
        Set<String> schemes = new TreeSet<>();
        schemes.add("file");
        for (FileSystemFactory f : FileSystem.getRegisteredFileSystemFactories()) {
            schemes.add(f.getScheme());
        }
        return schemes;
    }

    private static String pluginsDir() {
        String dir = System.getenv(PLUGINS_DIR_ENV);
        return dir != null && !dir.isBlank() ? dir : Paths.get("plugins").toAbsolutePath() + ", the default";
    }
}
