package dev.scatter.core.verdict;

import dev.scatter.core.model.EntryState;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A line a scheduler writes into a task's own output file when it kills the task for a limit
 * (slurmstepd's {@code exceeded memory limit}, MoM's {@code =>> PBS: job killed: walltime …}).
 * Schedulers supply these; {@link VerdictPolicy} reads them.
 *
 * @param pattern what the line contains
 * @param state   what the kill means ({@code TIMEOUT}, {@code OUT_OF_MEMORY})
 * @param limit   the limit's name when it is not the task's time or memory limit (PBS {@code cput}: "cpu time limit")
 */
public record KillNotice(Pattern pattern, EntryState state, Optional<String> limit) {

    public static KillNotice of(String regex, EntryState state) {
        return new KillNotice(Pattern.compile(regex), state, Optional.empty());
    }

    public static KillNotice of(String regex, EntryState state, String limit) {
        return new KillNotice(Pattern.compile(regex), state, Optional.of(limit));
    }
}
