package dev.scatter.core.io;

import java.util.regex.Pattern;

/**
 * POSIX shell quoting: the result, pasted into a bash or sh command line, is exactly one word
 * whose value is the input, and nothing in it is ever expanded or executed ({@code $()},
 * backquotes, globs, {@code ;}, quotes, newlines, unicode all stay literal).
 */
public final class ShellQuote {

    /** Characters that never mean anything to the shell, in any position but the first for {@code =}. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:,+@%-][A-Za-z0-9_./:=,+@%-]*");

    private ShellQuote() {
    }

    public static String quote(String value) {
        if (SAFE.matcher(value).matches()) {
            return value;
        }
        // inside single quotes every byte is literal, newlines included; a single quote itself
        // is written as: close the quote, an escaped quote, reopen.
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
