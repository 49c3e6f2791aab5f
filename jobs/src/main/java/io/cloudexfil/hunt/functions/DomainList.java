package io.cloudexfil.hunt.functions;

import org.apache.flink.table.data.ArrayData;

import java.io.Serializable;

/**
 * A list argument's entries as domains ({@link Hosts#domain}), normalised once per list object:
 * {@code detection_list} hands the same array to every call.
 */
final class DomainList implements Serializable {

    private static final long serialVersionUID = 1L;

    private transient ArrayData last;
    private transient String[] domains;

    String[] of(ArrayData list) {
        if (list != last) {
            String[] out = new String[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = list.isNullAt(i) ? "" : Hosts.domain(list.getString(i).toString());
            }
            domains = out;
            last = list;
        }
        return domains;
    }
}
