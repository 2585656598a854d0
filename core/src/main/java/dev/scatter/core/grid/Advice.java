package dev.scatter.core.grid;

import java.util.Locale;

/** What to change after a rejected submission: the first row of a scheduler's table whose words its message holds. */
public final class Advice {

    private Advice() {
    }

    /**
     * @param table    rows of {lower-case words in the message, what to change}
     * @param fallback what to say when no row matches
     */
    public static String lookup(String message, java.util.List<String[]> table, String fallback) {
        String lower = message.toLowerCase(Locale.ROOT);
        for (String[] row : table) {
            if (lower.contains(row[0])) {
                return row[1];
            }
        }
        return fallback;
    }
}
