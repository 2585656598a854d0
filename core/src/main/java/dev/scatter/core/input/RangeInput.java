package dev.scatter.core.input;

import dev.scatter.core.model.Entry;
import java.util.ArrayList;
import java.util.List;

/** {@code --range A..B[:STEP]}: the numbers from A to B inclusive (see {@link NumberRange}). */
public final class RangeInput {

    private RangeInput() {
    }

    public static Inputs read(String range) {
        List<String> values = NumberRange.parse(range, "--range " + range).values();
        List<Entry> entries = new ArrayList<>(values.size());
        for (String v : values) {
            entries.add(Entry.single(entries.size() + 1, v));
        }
        return new Inputs(entries, List.of(), 0, "range " + range);
    }
}
