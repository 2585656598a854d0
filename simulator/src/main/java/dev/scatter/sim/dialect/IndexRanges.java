package dev.scatter.sim.dialect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Array index sets as schedulers write them: {@code 1,3,5-7,20-40:10} in, {@code 1,3,5-7,20,30,40} out. */
public final class IndexRanges {

    private IndexRanges() {
    }

    /**
     * Parses a SLURM-style list of indices, ranges and stepped ranges. Returns {@code null} for
     * anything malformed (reversed ranges, step 0, garbage).
     */
    public static List<Integer> parse(String text) {
        TreeSet<Integer> out = new TreeSet<>();
        if (text.isEmpty()) {
            return null;
        }
        for (String part : text.split(",", -1)) {
            try {
                int step = 1;
                String range = part;
                int colon = part.indexOf(':');
                if (colon >= 0) {
                    step = Integer.parseInt(part.substring(colon + 1));
                    range = part.substring(0, colon);
                }
                int dash = range.indexOf('-');
                int lo;
                int hi;
                if (dash >= 0) {
                    lo = Integer.parseInt(range.substring(0, dash));
                    hi = Integer.parseInt(range.substring(dash + 1));
                } else {
                    lo = Integer.parseInt(range);
                    hi = lo;
                }
                if (lo < 0 || hi < lo || step < 1) {
                    return null;
                }
                for (long i = lo; i <= hi; i += step) {
                    out.add((int) i);
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return new ArrayList<>(out);
    }

    /** Consecutive runs as {@code a-b}, single indices alone, comma-separated. */
    public static String format(Collection<Integer> indices) {
        StringBuilder sb = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int i : new TreeSet<>(indices)) {
            if (prev != null && i == prev + 1) {
                prev = i;
                continue;
            }
            if (start != null) {
                append(sb, start, prev);
            }
            start = i;
            prev = i;
        }
        if (start != null) {
            append(sb, start, prev);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, int start, int end) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(start);
        if (end != start) {
            sb.append('-').append(end);
        }
    }
}
