package io.cloudexfil.hunt.functions;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code url_host(url) -> STRING}: the lower-case host of a URL or bare host name ({@link Hosts#host}). */
public class UrlHost extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public String eval(String url) {
        return Hosts.host(url);
    }
}
