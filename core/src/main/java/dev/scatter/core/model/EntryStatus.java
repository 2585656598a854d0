package dev.scatter.core.model;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Where one entry stands, from its latest attempt.
 *
 * @param entry    the entry number
 * @param attempt  the latest attempt holding it
 * @param task     its task within that attempt
 * @param stem     the attempt's output files holding it ({@code tasks/STEM.out}, {@code .err}), or empty
 * @param state    the neutral state
 * @param exitCode the command's exit status, when it ended on its own
 * @param start    epoch seconds when its command began, when it did
 * @param end      epoch seconds when its command ended, when it did
 * @param host     where it ran, when it began
 * @param detail   why it is in this state, in words (e.g. "time limit 00:01:00 exceeded"), or empty
 * @param cpuSeconds user + system CPU seconds of its command, as the wrapper measured it, when it ended on its own
 */
public record EntryStatus(int entry, int attempt, int task, String stem, EntryState state, OptionalInt exitCode,
                          OptionalDouble start, OptionalDouble end, String host, String detail, OptionalDouble cpuSeconds) {

    /** An entry whose CPU time is not known. */
    public EntryStatus(int entry, int attempt, int task, String stem, EntryState state, OptionalInt exitCode,
                       OptionalDouble start, OptionalDouble end, String host, String detail) {
        this(entry, attempt, task, stem, state, exitCode, start, end, host, detail, OptionalDouble.empty());
    }
}
