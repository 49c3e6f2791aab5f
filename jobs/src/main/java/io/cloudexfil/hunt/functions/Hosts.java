package io.cloudexfil.hunt.functions;

import java.util.Locale;

/**
 * Host names in Defender's {@code RemoteUrl}: a bare FQDN ({@code content.dropboxapi.com}), a URL
 * ({@code https://bucket.s3.eu-west-1.amazonaws.com:443/key?x}) or empty. Matching a destination
 * list by host, not by KQL terms, is what tells {@code x.userstorage.mega.co.nz} (a MEGA upload
 * host) from {@code userstorage.mega.co.nz.example.net} (not MEGA) or a domain in a URL's path.
 */
public final class Hosts {

    private Hosts() {}

    /** The lower-case host of a URL or bare host name; null when there is none. */
    public static String host(String url) {
        if (url == null) {
            return null;
        }
        String s = url.strip();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int end = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\') {
                end = i;
                break;
            }
        }
        s = s.substring(0, end);
        int at = s.lastIndexOf('@'); // user:password@host
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        if (s.startsWith("[")) { // [IPv6]:port
            int close = s.indexOf(']');
            s = close > 0 ? s.substring(1, close) : s.substring(1);
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0) {
                s = s.substring(0, colon);
            }
        }
        while (s.endsWith(".")) { // the root label: "dropbox.com." is dropbox.com
            s = s.substring(0, s.length() - 1);
        }
        return s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
    }

    /**
     * A list entry as a domain: lower case, without a leading {@code *.} or {@code .} (both mean
     * "this domain and its subdomains", which is what every entry means).
     */
    public static String domain(String entry) {
        String d = entry.strip().toLowerCase(Locale.ROOT);
        if (d.startsWith("*.")) {
            d = d.substring(2);
        }
        while (d.startsWith(".")) {
            d = d.substring(1);
        }
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return d;
    }

    /** Whether {@code host} is {@code domain} or one of its subdomains (both already normalised). */
    public static boolean within(String host, String domain) {
        return !domain.isEmpty() && host.endsWith(domain)
                && (host.length() == domain.length() || host.charAt(host.length() - domain.length() - 1) == '.');
    }
}
