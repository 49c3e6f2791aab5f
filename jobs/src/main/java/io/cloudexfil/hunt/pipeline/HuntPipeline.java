package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.detection.SqlFiles;
import io.cloudexfil.hunt.functions.CountedSignal;
import io.cloudexfil.hunt.functions.DetectionList;
import io.cloudexfil.hunt.functions.DetectionLong;
import io.cloudexfil.hunt.functions.HostIn;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.functions.InHuntWindow;
import io.cloudexfil.hunt.functions.MatchedDomain;
import io.cloudexfil.hunt.functions.UrlHost;
import io.cloudexfil.hunt.source.DefenderTables;

import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The product's core, the same in every mode: functions, source tables, the detection's views.
 * Everything it runs is a file under sql/; the only values it passes are typed (function
 * instances holding parameters and the window, connector options through the catalog).
 */
public final class HuntPipeline {

    /** The alerts of every detection of the run: the union of their {@code output} views. */
    public static final String ALERTS_VIEW = "HuntAlerts";

    private HuntPipeline() {}

    /**
     * Where the source tables read from and where their rejected lines go (their counters travel
     * with the job as accumulators and metrics).
     */
    public record InputBinding(String root, String rejectedDir, HuntWindow window,
                               Duration monitorInterval, Map<String, Map<String, String>> kafkaByTable,
                               boolean parseAll) {

        public InputBinding(String root, String rejectedDir, HuntWindow window) {
            this(root, rejectedDir, window, null, null, false);
        }

        public InputBinding(String root, String rejectedDir, HuntWindow window, Duration monitorInterval) {
            this(root, rejectedDir, window, monitorInterval, null, false);
        }

        /** Parse and check every line, instead of passing over those the filter cannot use. */
        public InputBinding parsingAll(boolean all) {
            return new InputBinding(root, rejectedDir, window, monitorInterval, kafkaByTable, all);
        }
    }

    /**
     * What every run sets, over Flink's configuration of this process ({@link FlinkSettings}: FLINK_CONF_DIR's
     * config.yaml, or none): UTC session time zone, and the parallelism when one is given.
     */
    public static org.apache.flink.configuration.Configuration baseConfiguration(int parallelism) {
        org.apache.flink.configuration.Configuration conf = FlinkSettings.configuration();
        conf.set(org.apache.flink.table.api.config.TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        if (parallelism > 0) {
            conf.set(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        return conf;
    }

    /** The dead-letter folder of a run ({@code OUT/_rejected} unless given). */
    public static String rejectedDir(org.apache.flink.core.fs.Path out, String given) throws java.io.IOException {
        org.apache.flink.core.fs.Path dir = given != null ? new org.apache.flink.core.fs.Path(given)
                : new org.apache.flink.core.fs.Path(out, "_rejected");
        return dir.toString(); // made by the first dead letter: a clean run leaves no empty folder
    }

    public static void registerFunctions(TableEnvironment tEnv) {
        SqlFiles.executeScript(tEnv, "sql/functions.sql");
        tEnv.createTemporarySystemFunction("counted_signal", CountedSignal.class); // alerts per signal, as metrics
        // the alerts' Timestamp as Defender writes it (sql/sinks/insert_alerts*.sql)
        tEnv.createTemporarySystemFunction("defender_timestamp", new io.cloudexfil.hunt.functions.DefenderTimestamp());
        // destinations by host name (a domain and its subdomains), for detections beyond the seed;
        // each also under its name without '_', as for the KQL functions (sql/functions.sql)
        for (String name : new String[] {"url_host", "urlhost"}) {
            tEnv.createTemporarySystemFunction(name, UrlHost.class);
        }
        for (String name : new String[] {"host_in", "hostin"}) {
            tEnv.createTemporarySystemFunction(name, HostIn.class);
        }
        for (String name : new String[] {"matched_domain", "matcheddomain"}) {
            tEnv.createTemporarySystemFunction(name, MatchedDomain.class);
        }
    }

    public static void registerParameters(TableEnvironment tEnv, DetectionPack detections, HuntWindow window) {
        DetectionList lists = new DetectionList(detections.lists());
        tEnv.createTemporarySystemFunction("detection_list", lists);
        // the name Flink looks up when it hands a filter to a source (see sql/functions.sql)
        tEnv.createTemporarySystemFunction("detectionlist", lists);
        tEnv.createTemporarySystemFunction("detection_long", new DetectionLong(detections.longs()));
        // the tuning file's allowlist, minus entries expired on the run's day (sql/tuning/checked_alerts.sql)
        tEnv.createTemporarySystemFunction("allowlist_entry", new io.cloudexfil.hunt.tuning.AllowlistEntry(
                detections.allowlist(), java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
        // the tuning file's repeats rules, minus those expired (sql/tuning/keyed_alerts.sql)
        tEnv.createTemporarySystemFunction("repeat_key", new io.cloudexfil.hunt.tuning.RepeatKey.Key(
                detections.repeats(), java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
        tEnv.createTemporarySystemFunction("repeat_period_end",
                new io.cloudexfil.hunt.tuning.RepeatKey.PeriodEnd(detections.repeats()));
        InHuntWindow inWindow = new InHuntWindow(window);
        tEnv.createTemporarySystemFunction("in_hunt_window", inWindow);
        tEnv.createTemporarySystemFunction("inhuntwindow", inWindow); // as for detectionlist
    }

    /** Every table the product reads (ad-hoc queries). */
    public static void registerTables(TableEnvironment tEnv, InputBinding input) {
        registerTables(tEnv, input, DefenderTables.READ);
    }

    /** The given tables: those the run's detections read; a table no detection reads is not read. */
    public static void registerTables(TableEnvironment tEnv, InputBinding input, java.util.List<String> tables) {
        for (String table : tables) {
            SqlFiles.execute(tEnv, "sql/tables/" + table + ".sql");
            Map<String, String> options = new HashMap<>();
            if (input.kafkaByTable() != null) {
                if (!input.kafkaByTable().containsKey(table)) {
                    continue; // no topic holds its rows: declared, unbound (reading it is the connector's error)
                }
                options.putAll(input.kafkaByTable().get(table));
            } else {
                options.put("path", input.root());
            }
            if (input.rejectedDir() != null) {
                options.put("rejected-path", input.rejectedDir());
            }
            if (input.window() != null) { // the source counts the events inside and outside it
                options.put("hunt-window", input.window().toString());
            }
            if (input.window() != null && input.window().lower() != null) {
                options.put("path-time.from", input.window().lower().toString());
            }
            if (input.window() != null && input.window().upper() != null) {
                options.put("path-time.to", input.window().upper().toString());
            }
            if (input.parseAll()) {
                options.put("prefilter", "false");
            }
            if (input.monitorInterval() != null) {
                options.put("source.monitor-interval", input.monitorInterval().toMillis() + " ms");
            }
            TableBindings.bind(tEnv, table, options);
        }
    }

    /**
     * Each table shows only the events of the hunt window: the table is renamed ({@code _all_<Table>})
     * and a view of its name filters it with {@code in_hunt_window}, for ad-hoc queries with a window.
     */
    public static void keepWindowOnly(TableEnvironment tEnv) throws Exception {
        for (String table : DefenderTables.READ) {
            String all = "_all_" + table;
            TableBindings.bind(tEnv, table, Map.of("table", table)); // the source reads by this, not by its name
            tEnv.getCatalog(tEnv.getCurrentCatalog()).orElseThrow().renameTable(
                    new org.apache.flink.table.catalog.ObjectPath(tEnv.getCurrentDatabase(), table), all, false);
            tEnv.createTemporaryView(table, tEnv.from(all).where(org.apache.flink.table.api.Expressions.call(
                    "in_hunt_window", org.apache.flink.table.api.Expressions.$("Timestamp"))));
        }
    }

    /** The view the insert statements read: every alert to write, with the count it stands for. */
    public static final String REPORTED_VIEW = "ReportedAlerts";

    /**
     * Defines OutputAlerts (the alerts de-duplicated per event and signal, or all of them), then
     * {@link #REPORTED_VIEW}: with the tuning file's repeats rules, the alerts of each rule's period
     * folded into its first ({@code Repeats} counts them); else every alert, {@code Repeats} 1.
     */
    public static void outputAlerts(TableEnvironment tEnv, boolean keepDuplicates, DetectionPack detections) {
        SqlFiles.execute(tEnv, keepDuplicates ? "sql/sinks/all_alerts.sql" : "sql/sinks/unique_alerts.sql");
        if (detections.repeats().isEmpty()) {
            SqlFiles.execute(tEnv, "sql/tuning/every_alert.sql");
        } else {
            SqlFiles.execute(tEnv, "sql/tuning/keyed_alerts.sql");
            SqlFiles.execute(tEnv, "sql/tuning/repeat_groups.sql");
            SqlFiles.execute(tEnv, "sql/tuning/folded_alerts.sql");
        }
    }

    /**
     * Tells the declared tables' sources which tables the run reads: the records of the others in
     * mixed files and topics are counted as skipped (by the first table read, the owner of such lines).
     */
    public static void runReads(TableEnvironment tEnv, java.util.Collection<String> tables) {
        String list = String.join(";", DefenderTables.runTables(tables));
        java.util.List<String> declared = java.util.Arrays.asList(tEnv.listTables());
        for (String table : DefenderTables.READ) {
            if (declared.contains(table)) {
                TableBindings.bind(tEnv, table, Map.of("run-tables", list));
            }
        }
    }

    /**
     * Runs every detection's statements and defines {@link #ALERTS_VIEW}, the union of their
     * output views (all in the alert columns of sql/sinks/Alerts.sql); returns it, unsorted.
     */
    public static Table alerts(TableEnvironment tEnv, DetectionPack detections) {
        runReads(tEnv, detections.tables()); // the tables their signals read
        Table all = null;
        for (Detection detection : detections.detections()) {
            for (String resource : detection.statementResources()) {
                SqlFiles.execute(tEnv, resource);
            }
            Table alerts = tEnv.from(detection.output());
            all = all == null ? alerts : all.unionAll(alerts);
        }
        tEnv.createTemporaryView(ALERTS_VIEW, all);
        SqlFiles.execute(tEnv, "sql/tuning/checked_alerts.sql");
        return tEnv.from(ALERTS_VIEW);
    }
}
