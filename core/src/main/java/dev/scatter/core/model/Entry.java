package dev.scatter.core.model;

import java.util.List;

/**
 * One input: a line, a CSV row, a file, a number or a grid point.
 *
 * @param number  1-based position in the input, the entry's name everywhere ({@code {#}}, logs, status)
 * @param text    the whole entry ({@code {}}): the line, path or number; for rows and grid points the
 *                columns joined by one space
 * @param columns the entry's columns ({@code {1}}, {@code {2}}, … and named columns); a single-column
 *                entry has its text as column 1
 */
public record Entry(int number, String text, List<String> columns) {

    public Entry {
        columns = List.copyOf(columns);
    }

    public static Entry single(int number, String text) {
        return new Entry(number, text, List.of(text));
    }

    public static Entry ofColumns(int number, List<String> columns) {
        return new Entry(number, String.join(" ", columns), columns);
    }
}
