package dev.scatter.cli;

import java.util.Iterator;
import java.util.List;

/**
 * Completion of a {@code RUN} argument: the run ids of the directory the user is in when they
 * press TAB, not when the script was made. picocli writes each candidate into the script inside
 * double quotes ({@code ("bash" "zsh")}); this one closes them, so the script holds
 * {@code (""$(ls .scatter/runs 2>/dev/null)"")}: a command substitution that bash runs at
 * completion time and splits into one word per run id.
 */
final class RunIds implements Iterable<String> {

    static final String AT_COMPLETION_TIME = "\"$(ls .scatter/runs 2>/dev/null)\"";

    @Override
    public Iterator<String> iterator() {
        return List.of(AT_COMPLETION_TIME).iterator();
    }
}
