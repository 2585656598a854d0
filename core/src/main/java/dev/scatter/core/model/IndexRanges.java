package dev.scatter.core.model;

import java.util.ArrayList;
import java.util.List;

/** Entry numbers written compactly, e.g. {@code 1-1000,1005,1010-1012}; order is kept. */
public final class IndexRanges {

    private IndexRanges() {
    }

    public static String format(List<Integer> entries) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < entries.size()) {
            int start = entries.get(i);
            int j = i;
            while (j + 1 < entries.size() && entries.get(j + 1) == entries.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(start);
            if (j > i) {
                sb.append('-').append(entries.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }

    public static List<Integer> parse(String text) {
        List<Integer> out = new ArrayList<>();
        if (text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                out.add(Integer.parseInt(part));
            } else {
                int to = Integer.parseInt(part.substring(dash + 1));
                for (int e = Integer.parseInt(part.substring(0, dash)); e <= to; e++) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
