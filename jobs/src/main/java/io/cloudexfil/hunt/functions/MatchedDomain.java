package io.cloudexfil.hunt.functions;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code matched_domain(url, list) -> STRING}: the entry of {@code list} whose domain is the URL's
 * host or a parent of it, the longest if several ({@code userstorage.mega.co.nz} before
 * {@code mega.co.nz}), normalised ({@link Hosts#domain}); NULL if none. A grouping key: every
 * upload host of one service falls under the entry that names the service.
 */
public class MatchedDomain extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private final DomainList domains = new DomainList();

    public String eval(String url, @DataTypeHint(value = "ARRAY<STRING>", bridgedTo = ArrayData.class) ArrayData list) {
        String host = Hosts.host(url);
        if (host == null || list == null) {
            return null;
        }
        String best = null;
        for (String d : domains.of(list)) {
            if (Hosts.within(host, d) && (best == null || d.length() > best.length())) {
                best = d;
            }
        }
        return best;
    }
}
