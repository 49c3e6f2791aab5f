package io.cloudexfil.hunt.functions;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code host_in(url, list) -> BOOLEAN}: whether the URL's host is one of the list's domains or a
 * subdomain of one ({@link Hosts}). FALSE for a NULL or empty URL.
 */
public class HostIn extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private final DomainList domains = new DomainList();

    public boolean eval(String url, @DataTypeHint(value = "ARRAY<STRING>", bridgedTo = ArrayData.class) ArrayData list) {
        String host = Hosts.host(url);
        if (host == null || list == null) {
            return false;
        }
        for (String d : domains.of(list)) {
            if (Hosts.within(host, d)) {
                return true;
            }
        }
        return false;
    }
}
