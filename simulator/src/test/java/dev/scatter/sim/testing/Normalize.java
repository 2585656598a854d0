package dev.scatter.sim.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The explicit list of what may differ between a captured output and the simulator's: the
 * moment things happened and how long they took, memory use, paths of the test's temporary
 * directory, and the order of ties slurmctld sorts arbitrarily. Everything else must be equal.
 * Replacements keep widths, so fixed-width layouts are still compared column for column.
 */
public final class Normalize {

    private static final Pattern ISO = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    private static final Pattern CTIME = Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}");
    private static final Pattern WHEN = Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \\d\\d at \\d\\d:\\d\\d");
    private static final Pattern CLOCK = Pattern.compile("\\b(\\d+-)?\\d+:\\d\\d(:\\d\\d)?\\b");

    private Normalize() {
    }

    /** Timestamps (ISO, ctime, "Wed Nov 25 at 10:28") become same-width placeholders. */
    public static String stamps(String s) {
        s = digitsToN(s, ISO);
        s = CTIME.matcher(s).replaceAll("<CTIME>");
        return WHEN.matcher(s).replaceAll("<WHEN>");
    }

    /** Durations like {@code 0:02}, {@code 00:01:22}, {@code 1-00:00:00}: digits become N, width kept. */
    public static String durations(String s) {
        return digitsToN(s, CLOCK);
    }

    /** Every time and duration: only for outputs without {@code exit:signal} codes (0:15 looks like 0:15 min). */
    public static String times(String s) {
        return durations(stamps(s));
    }

    /** The duration after {@code key=} (scontrol's RunTime=00:00:03). */
    public static String durationAfter(String s, String key) {
        return digitsToN(s, Pattern.compile("(?<=" + Pattern.quote(key) + "=)[0-9:-]+"));
    }

    /** Durations in one column of a {@code sep}-separated output (squeue %M, sacct Elapsed). */
    public static String durationColumn(String s, String sep, int index) {
        List<String> out = new ArrayList<>();
        for (String line : s.split("\n", -1)) {
            String[] f = line.split(Pattern.quote(sep), -1);
            if (f.length > index) {
                f[index] = f[index].replaceAll("\\d", "N");
            }
            out.add(String.join(sep, f));
        }
        return String.join("\n", out);
    }

    private static String digitsToN(String s, Pattern p) {
        Matcher m = p.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, m.group().replaceAll("\\d", "N"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Replaces one field (0-based) of every {@code sep}-separated line with {@code placeholder}. */
    public static String column(String s, String sep, int index, String placeholder) {
        List<String> out = new ArrayList<>();
        for (String line : s.split("\n", -1)) {
            String[] f = line.split(Pattern.quote(sep), -1);
            if (f.length > index) {
                f[index] = placeholder;
            }
            out.add(String.join(sep, f));
        }
        return String.join("\n", out);
    }

    /** The lines, sorted: for outputs whose tie order is slurmctld-internal (a -j query's records). */
    public static List<String> sortedLines(String s) {
        List<String> lines = new ArrayList<>(List.of(s.split("\n")));
        lines.sort(null);
        return lines;
    }

    /** The distinct values of one column in order of appearance: squeue groups by state. */
    public static List<String> columnOrder(String s, String sep, int index) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String line : s.split("\n")) {
            String[] f = line.split(Pattern.quote(sep), -1);
            if (f.length > index) {
                seen.add(f[index]);
            }
        }
        return new ArrayList<>(seen);
    }
}
