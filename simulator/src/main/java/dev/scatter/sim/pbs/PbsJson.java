package dev.scatter.sim.pbs;

import java.util.Map;

/**
 * qstat's JSON: four spaces per level, {@code "key":value} without blanks, numbers for values
 * that look like integers, booleans as strings (fixtures trap PBS 10). Hand-written rather than
 * Jackson's pretty printer, whose spacing differs.
 */
final class PbsJson {

    private PbsJson() {
    }

    /** The header object with the jobs, ending in a newline; without jobs, no "Jobs" key and no newline. */
    static String document(long timestamp, String server, Map<String, Map<String, Object>> jobs) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("    \"timestamp\":").append(timestamp).append(",\n");
        sb.append("    \"pbs_version\":\"").append(PbsDialect.PBS_VERSION).append("\",\n");
        sb.append("    \"pbs_server\":\"").append(escape(server)).append('"');
        if (jobs.isEmpty()) {
            return sb.append("\n}").toString();
        }
        sb.append(",\n    \"Jobs\":");
        object(sb, jobs, 2);
        return sb.append("\n}\n").toString();
    }

    /** Any object (used for the server too). */
    static String documentWith(long timestamp, String server, String key, Map<String, ?> body) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("    \"timestamp\":").append(timestamp).append(",\n");
        sb.append("    \"pbs_version\":\"").append(PbsDialect.PBS_VERSION).append("\",\n");
        sb.append("    \"pbs_server\":\"").append(escape(server)).append("\",\n");
        sb.append("    \"").append(key).append("\":");
        object(sb, body, 2);
        return sb.append("\n}\n").toString();
    }

    private static void object(StringBuilder sb, Map<String, ?> map, int depth) {
        sb.append("{\n");
        int i = 0;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            sb.append("    ".repeat(depth)).append('"').append(escape(e.getKey())).append("\":");
            value(sb, e.getValue(), depth + 1);
            if (++i < map.size()) {
                sb.append(',');
            }
            sb.append('\n');
        }
        sb.append("    ".repeat(depth - 1)).append('}');
    }

    @SuppressWarnings("unchecked")
    private static void value(StringBuilder sb, Object v, int depth) {
        if (v instanceof Map<?, ?> m) {
            object(sb, (Map<String, ?>) m, depth);
        } else if (v instanceof Number n) {
            sb.append(n);
        } else {
            String s = String.valueOf(v);
            if (s.matches("-?[0-9]{1,18}")) {
                sb.append(s); // PBS prints integer-looking values as numbers
            } else {
                sb.append('"').append(escape(s)).append('"');
            }
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
