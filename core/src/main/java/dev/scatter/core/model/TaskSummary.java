package dev.scatter.core.model;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One settled task of one attempt in a few numbers, so that a run's status costs what its tasks
 * cost, not its entries: how many entries it held, where its succeeded entries ran and their
 * output is, when the task's first entry began and its last ended, and every entry that does not
 * fit that (a failure, a cancel, an entry resumed into another worker's files) in full.
 *
 * <p>A succeeded entry rebuilt from a summary ({@link #of}) carries its task's host, stem and
 * span, not its own start and end: what a count, a rate, a gather or a retry needs, not a per-entry
 * timing (those read the run in full: {@code StatusReader.readInFull}).
 *
 * @param attempt    the attempt
 * @param task       the task within it
 * @param entries    the entries the task holds
 * @param stem       where its succeeded entries' output is ({@code tasks/STEM.out})
 * @param host       where they ran
 * @param firstStart epoch seconds when its first entry began
 * @param lastEnd    epoch seconds when its last entry ended
 * @param others     every entry that is not a succeeded entry with this stem and host, in full
 */
public record TaskSummary(int attempt, int task, int entries, String stem, String host, double firstStart, double lastEnd,
                          List<EntryStatus> others) implements SharedStatus {

    public TaskSummary {
        others = List.copyOf(others);
    }

    /** The summary of a task whose entries are all in a final state, from their statuses. */
    public static TaskSummary of(int attempt, int task, List<EntryStatus> statuses) {
        EntryStatus model = statuses.stream().filter(TaskSummary::plainSuccess).findFirst().orElse(statuses.get(0));
        double first = Double.MAX_VALUE;
        double last = -Double.MAX_VALUE;
        for (EntryStatus e : statuses) {
            if (e.start().isPresent()) {
                first = Math.min(first, e.start().getAsDouble());
            }
            if (e.end().isPresent()) {
                last = Math.max(last, e.end().getAsDouble());
            }
        }
        if (first > last) {   // nothing began: the span is the summary's own, empty
            first = 0;
            last = 0;
        }
        String stem = model.stem();
        String host = model.host();
        List<EntryStatus> others = statuses.stream()
                .filter(e -> !(plainSuccess(e) && e.stem().equals(stem) && e.host().equals(host)))
                .toList();
        return new TaskSummary(attempt, task, statuses.size(), stem, host, first, last, others);
    }

    /** A succeeded entry whose begin and end are on record. */
    private static boolean plainSuccess(EntryStatus e) {
        return e.state() == EntryState.SUCCEEDED && e.start().isPresent() && e.end().isPresent();
    }

    /** Every entry of the task that is not among {@link #others} succeeded. */
    @Override
    public EntryState state() {
        return EntryState.SUCCEEDED;
    }

    /** Entry {@code entry} of this task, which is not among {@link #others}: it succeeded. */
    @Override
    public EntryStatus of(int entry) {
        return new EntryStatus(entry, attempt, task, stem, EntryState.SUCCEEDED, EXIT_OK, OptionalDouble.of(firstStart),
                OptionalDouble.of(lastEnd), host, "");
    }

    private static final OptionalInt EXIT_OK = OptionalInt.of(0);
}
