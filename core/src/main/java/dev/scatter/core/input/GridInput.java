package dev.scatter.core.input;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code --param NAME=v1,v2,...} (repeatable): one entry per point of the cartesian grid, the first
 * parameter varying slowest (as GNU parallel's {@code ::: a b ::: 1 2}). A value of the form
 * {@code A..B[:STEP]} is a range, with {@code --range}'s rules ({@link NumberRange}).
 */
public final class GridInput {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final long MAX_POINTS = 10_000_000;

    private GridInput() {
    }

    public static Inputs read(List<String> params) {
        Map<String, List<String>> grid = new LinkedHashMap<>();
        for (String param : params) {
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            if (eq < 0 || !NAME.matcher(name).matches()) {
                throw new UsageException("--param '" + param + "' is not NAME=v1,v2,...: the name is letters, digits"
                        + " and _, e.g. --param alpha=0.1,0.5,1");
            }
            String list = param.substring(eq + 1);
            if (list.isEmpty()) {
                throw new UsageException("--param " + name + " has no values: give them as " + name + "=v1,v2,...");
            }
            List<String> values = values(list, "--param " + param);
            if (grid.put(name, values) != null) {
                throw new UsageException("--param " + name + " is given twice: put all its values in one --param "
                        + name + "=v1,v2,...");
            }
        }
        long points = 1;
        for (List<String> values : grid.values()) {
            points *= values.size();
            if (points > MAX_POINTS) {
                throw new UsageException("the --param grid has more than " + MAX_POINTS + " points: use fewer values");
            }
        }
        List<List<String>> axes = new ArrayList<>(grid.values());
        List<Entry> entries = new ArrayList<>((int) points);
        int[] index = new int[axes.size()];
        for (long p = 0; p < points; p++) {
            List<String> columns = new ArrayList<>(axes.size());
            for (int a = 0; a < axes.size(); a++) {
                columns.add(axes.get(a).get(index[a]));
            }
            entries.add(Entry.ofColumns(entries.size() + 1, columns));
            for (int a = axes.size() - 1; a >= 0; a--) {   // odometer: the last parameter varies fastest
                if (++index[a] < axes.get(a).size()) {
                    break;
                }
                index[a] = 0;
            }
        }
        return new Inputs(entries, List.copyOf(grid.keySet()), 0, "grid " + String.join(" ", params));
    }

    /**
     * A range when the value has {@code ..} and is not a path ({@code ../data}): then it must be a
     * valid one, never a literal that quietly makes a single point; otherwise a list.
     */
    private static List<String> values(String list, String what) {
        List<String> items = List.of(list.split(",", -1));
        boolean rangeLike = items.stream().anyMatch(v -> v.contains("..") && !v.contains("/"));
        if (!rangeLike) {
            return items;
        }
        if (items.size() > 1) {
            throw new UsageException(what + " mixes a range and a list: a range (" + NumberRange.FORM
                    + ") is the whole value; give one or the other, e.g. k=1..5 or k=1,2,3");
        }
        return NumberRange.parse(list, what).values();
    }
}
