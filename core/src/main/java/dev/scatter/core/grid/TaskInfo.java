package dev.scatter.core.grid;

import dev.scatter.core.model.EntryState;
import java.time.Instant;
import java.util.Optional;

/**
 * One array task as the scheduler reports it, already mapped to a neutral state.
 *
 * @param arrayId     the array's job id (SLURM {@code %F}, not the task's own id)
 * @param index       the task's array index
 * @param state       the neutral state of the task as a whole (SUCCEEDED: it exited 0)
 * @param nativeState the scheduler's own words, kept for messages ({@code CANCELLED by 1000})
 * @param reason      the scheduler's pending or end reason code ({@code JobArrayTaskLimit}), or empty
 * @param detail      that reason or state in words, for {@code status}; empty when there is nothing to say
 * @param neverRuns   true when the scheduler says it will never start (partition limits)
 * @param exitCode    the scheduler's exit code text ({@code 0:9}: exit 0, signal 9), or empty
 * @param taskJobId   the task's own job id (messages name it), or empty
 * @param name        the job name
 * @param end         when it ended, when it did
 */
public record TaskInfo(String arrayId, int index, EntryState state, String nativeState, String reason, String detail,
                       boolean neverRuns, String exitCode, String taskJobId, String name, Optional<Instant> end) {

    /** The signal that ended it, from an exit code {@code EXIT:SIGNAL}, or 0. */
    public int signal() {
        int colon = exitCode.indexOf(':');
        if (colon < 0) {
            return 0;
        }
        try {
            return Integer.parseInt(exitCode.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The exit status from an exit code {@code EXIT:SIGNAL}, or 0. */
    public int exitStatus() {
        int colon = exitCode.indexOf(':');
        try {
            return Integer.parseInt((colon < 0 ? exitCode : exitCode.substring(0, colon)).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** True once the scheduler considers the task over. */
    public boolean ended() {
        return state.isFinal();
    }
}
