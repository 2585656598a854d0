package dev.scatter.core.report;

import dev.scatter.core.model.EntryState;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One task of one attempt as the report's timeline draws it: from its first entry's start to its
 * last entry's end, coloured by its worst entry's state, in a lane of the host it ran on.
 *
 * @param attempt   the attempt
 * @param task      the task within it
 * @param host      where it ran
 * @param lane      its row in the timeline (tasks running at once on one host take separate rows)
 * @param state     its worst entry's state (a failure before a cancel before running before success)
 * @param submit    epoch seconds when the scheduler got it, when its accounting says (queue wait = start − submit)
 * @param start     epoch seconds when its first entry began
 * @param end       epoch seconds when its last entry ended (the report's time for a task still running)
 * @param entries   the entries it holds in this attempt
 * @param failed    how many of them ended in failure
 * @param peakBytes its peak resident memory, where measured
 * @param cpuSeconds the CPU seconds of its entries as the wrapper measured them, where it did
 * @param cpuEfficiency CPU time ÷ (elapsed × cpus): a scheduler's figures where it measured the task, else the wrapper's
 */
public record TaskSpan(int attempt, int task, String host, int lane, EntryState state, OptionalDouble submit, double start,
                       double end, int entries, int failed, OptionalLong peakBytes, OptionalDouble cpuSeconds,
                       OptionalDouble cpuEfficiency) {

    /** One number for an attempt's task, to key maps by. */
    static long key(int attempt, int task) {
        return ((long) attempt << 32) | (task & 0xffffffffL);
    }

    TaskSpan inLane(int newLane) {
        return new TaskSpan(attempt, task, host, newLane, state, submit, start, end, entries, failed, peakBytes, cpuSeconds,
                cpuEfficiency);
    }

    TaskSpan measured(OptionalDouble submitted, OptionalLong peak, OptionalDouble efficiency) {
        return new TaskSpan(attempt, task, host, lane, state, submitted, start, end, entries, failed, peak, cpuSeconds, efficiency);
    }
}
