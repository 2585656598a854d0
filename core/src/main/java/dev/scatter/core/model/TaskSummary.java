package dev.scatter.core.model;

import java.util.ArrayList;
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
 * span, not its own start and end: what a count, a rate, a gather or a retry needs. What a report
 * or {@code status --resources} draws of their own times is in {@link #runtimes} and
 * {@link #cpuSeconds}; a per-entry listing reads the run in full ({@code StatusReader.readInFull}).
 *
 * @param attempt    the attempt
 * @param task       the task within it
 * @param entries    the entries the task holds
 * @param stem       where its succeeded entries' output is ({@code tasks/STEM.out})
 * @param host       where they ran
 * @param firstStart epoch seconds when the first of its summarized entries (not {@code others}) began
 * @param lastEnd    epoch seconds when the last of them ended
 * @param runtimes   the run time of each summarized entry
 * @param cpuSeconds the CPU seconds of the summarized entries, as the wrapper measured them, where it did
 * @param others     every entry that is not a succeeded entry with this stem and host, in full
 */
public record TaskSummary(int attempt, int task, int entries, String stem, String host, double firstStart, double lastEnd,
                          Runtimes runtimes, OptionalDouble cpuSeconds, List<EntryStatus> others) implements SharedStatus {

    public TaskSummary {
        others = List.copyOf(others);
    }

    /** The entries it holds as succeeded, not among {@link #others}. */
    public int summarized() {
        return entries - others.size();
    }

    /** The summary of a task whose entries are all in a final state, from their statuses. */
    public static TaskSummary of(int attempt, int task, List<EntryStatus> statuses) {
        EntryStatus model = statuses.stream().filter(TaskSummary::plainSuccess).findFirst().orElse(statuses.get(0));
        String stem = model.stem();
        String host = model.host();
        double first = Double.MAX_VALUE;
        double last = -Double.MAX_VALUE;
        Runtimes runtimes = new Runtimes();
        double cpu = 0;
        boolean cpuMeasured = false;
        List<EntryStatus> others = new ArrayList<>();
        for (EntryStatus e : statuses) {
            if (!(plainSuccess(e) && e.stem().equals(stem) && e.host().equals(host))) {
                others.add(e);
                continue;
            }
            double start = e.start().getAsDouble();
            double end = e.end().getAsDouble();
            first = Math.min(first, start);
            last = Math.max(last, end);
            runtimes.add(end - start);
            if (e.cpuSeconds().isPresent()) {
                cpu += e.cpuSeconds().getAsDouble();
                cpuMeasured = true;
            }
        }
        if (first > last) {   // no entry is summarized: the span is the summary's own, empty
            first = 0;
            last = 0;
        }
        return new TaskSummary(attempt, task, statuses.size(), stem, host, first, last, runtimes,
                cpuMeasured ? OptionalDouble.of(cpu) : OptionalDouble.empty(), others);
    }

    /**
     * Adds to {@code into} the run times of {@code held} of its summarized entries: all of them, or,
     * where a later attempt took some over (which ones a summary does not know), that many at their mean.
     */
    public void addRuntimes(Runtimes into, int held) {
        if (held >= runtimes.count()) {
            into.addAll(runtimes);
            return;
        }
        for (int i = 0; i < held; i++) {
            into.add(runtimes.sum() / runtimes.count());
        }
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
