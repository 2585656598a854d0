package dev.scatter.core.input;

import dev.scatter.core.model.Entry;
import java.util.List;

/**
 * The entries of a run, read and checked once before anything is written.
 *
 * @param entries      in input order, numbered 1..n
 * @param columnNames  names usable as {@code {name}}: the CSV header or the grid's parameters; empty otherwise
 * @param skippedEmpty empty lines skipped (line inputs only), reported in the summary
 * @param description  where they came from, for the spec and the summary (e.g. {@code csv samples.csv})
 */
public record Inputs(List<Entry> entries, List<String> columnNames, int skippedEmpty, String description) {

    public Inputs {
        entries = List.copyOf(entries);
        columnNames = List.copyOf(columnNames);
    }

    public int size() {
        return entries.size();
    }
}
