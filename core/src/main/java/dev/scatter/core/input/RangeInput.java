package dev.scatter.core.input;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --range A..B[:STEP]}: the integers from A to B inclusive. */
public final class RangeInput {

    static final Pattern FORM = Pattern.compile("(-?\\d+)\\.\\.(-?\\d+)(?::(-?\\d+))?");
    private static final long MAX_ENTRIES = 10_000_000;

    private RangeInput() {
    }

    public static Inputs read(String range) {
        List<String> values = values(range, "--range " + range);
        List<Entry> entries = new ArrayList<>(values.size());
        for (String v : values) {
            entries.add(Entry.single(entries.size() + 1, v));
        }
        return new Inputs(entries, List.of(), 0, "range " + range);
    }

    /** The values of {@code A..B[:STEP]}, as text; shared with grid parameters ({@code k=1..10}). */
    static List<String> values(String range, String what) {
        Matcher m = FORM.matcher(range.trim());
        if (!m.matches()) {
            throw new UsageException(what + " is not a range: write A..B or A..B:STEP, e.g. 1..100 or 0..1000:10");
        }
        long from;
        long to;
        long step;
        try {
            from = Long.parseLong(m.group(1));
            to = Long.parseLong(m.group(2));
            step = m.group(3) != null ? Long.parseLong(m.group(3)) : (from <= to ? 1 : -1);
        } catch (NumberFormatException e) {
            throw new UsageException(what + " has a number too large: keep A, B and STEP within ±9e18");
        }
        if (step == 0 || (to - from) != 0 && Long.signum(to - from) != Long.signum(step)) {
            throw new UsageException(what + " never reaches its end with step " + step
                    + ": use a " + (from <= to ? "positive" : "negative") + " step");
        }
        long count = (to - from) / step + 1;
        if (count > MAX_ENTRIES) {
            throw new UsageException(what + " has " + count + " entries, more than " + MAX_ENTRIES
                    + ": split it into several runs or use a larger step");
        }
        List<String> values = new ArrayList<>((int) count);
        for (long i = 0, v = from; i < count; i++, v += step) {
            values.add(Long.toString(v));
        }
        return values;
    }
}
