package io.cloudexfil.hunt.detection;

import io.cloudexfil.kql.SqlScript;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The product's SQL, read from {@code sql/} on the class path (the jar ships the repository's folder). */
public final class SqlFiles {

    private SqlFiles() {}

    public static InputStream open(String resource) throws IOException {
        InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("missing resource " + resource);
        }
        return in;
    }

    public static String read(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statement of a one-statement file. */
    public static String statement(String resource) {
        List<String> statements = SqlScript.split(read(resource));
        if (statements.size() != 1) {
            throw new IllegalStateException(resource + " must hold exactly one statement, has " + statements.size());
        }
        return statements.get(0);
    }

    /** Runs a one-statement file. */
    public static TableResult execute(TableEnvironment tEnv, String resource) {
        return tEnv.executeSql(statement(resource));
    }

    /** Runs a registration script (sql/functions.sql). */
    public static void executeScript(TableEnvironment tEnv, String resource) {
        for (String statement : SqlScript.split(read(resource))) {
            tEnv.executeSql(statement);
        }
    }
}
