package dev.scatter.sim.pbs;

import java.util.Map;

/**
 * qstat -f's text: {@code name = value} lines, nested keys as {@code Resource_List.ncpus}, long
 * values wrapped at commas onto tab-indented lines, and cut mid-word when a piece is too long
 * (trap PBS 11). {@code -F dsv} puts it all on one line.
 */
final class PbsText {

    private static final int WIDTH = 78;

    private PbsText() {
    }

    static String job(String id, Map<String, Object> attrs) {
        StringBuilder sb = new StringBuilder("Job Id: ").append(id).append('\n');
        flatten(attrs, "", (name, value) -> attribute(sb, name, value));
        return sb.append('\n').toString();
    }

    static String dsv(String id, Map<String, Object> attrs) {
        StringBuilder sb = new StringBuilder("Job Id: ").append(id);
        flatten(attrs, "", (name, value) -> sb.append('|').append(name).append('=').append(value));
        return sb.append('\n').toString();
    }

    @SuppressWarnings("unchecked")
    static void flatten(Map<String, Object> attrs, String prefix, java.util.function.BiConsumer<String, String> out) {
        for (Map.Entry<String, Object> e : attrs.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m) {
                if (e.getKey().equals("Variable_List")) {
                    out.accept(prefix + e.getKey(), variableList(m));
                } else {
                    flatten((Map<String, Object>) m, prefix + e.getKey() + ".", out);
                }
            } else {
                out.accept(prefix + e.getKey(), String.valueOf(e.getValue()));
            }
        }
    }

    /** Variable_List is one value, {@code NAME=value} pairs joined by commas (qstat -f and Torque's XML alike). */
    static String variableList(Map<?, ?> variables) {
        StringBuilder v = new StringBuilder();
        for (Map.Entry<?, ?> x : variables.entrySet()) {
            if (v.length() > 0) {
                v.append(',');
            }
            v.append(x.getKey()).append('=').append(x.getValue());
        }
        return v.toString();
    }

    /** One wrapped attribute, as OpenPBS's prt_attr() lays it out. */
    private static void attribute(StringBuilder sb, String name, String value) {
        String head = "    " + name + " = ";
        sb.append(head);
        int l = head.length() - 1;
        boolean first = true;
        for (String piece : value.split(",", -1)) {
            if (!first) {
                if (l + piece.length() + 1 > WIDTH) {
                    sb.append(",\n\t");
                    l = 8;
                } else {
                    sb.append(',');
                    l++;
                }
            }
            String rest = piece;
            while (rest.length() > WIDTH - l) {
                sb.append(rest, 0, WIDTH - l).append("\n\t");
                rest = rest.substring(WIDTH - l);
                l = 8;
            }
            sb.append(rest);
            l += rest.length();
            first = false;
        }
        sb.append('\n');
    }
}
