package dev.scatter.core.report;

import dev.scatter.core.gather.EntryOutputs;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.EntriesFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskUsage;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.Entry;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.Runtimes;
import dev.scatter.core.model.TaskMeasurement;
import dev.scatter.core.model.TaskSummary;
import dev.scatter.core.status.ResourceUsage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@code scatter report} shows of a run, beyond {@code status --resources}: every attempt with
 * what it asked, one span per task on a timeline, histograms of entry runtimes, task peak memory and
 * task CPU efficiency, and the failures grouped by cause. O(tasks) in memory, with the run's status
 * read from its tasks' summaries ({@code TaskSummary}: their entries' run times are in it).
 *
 * @param status      the run's status (latest attempt of each entry)
 * @param usage       what {@code status --resources} computes from the same status
 * @param attempts    every attempt, in order (steps and sizing job included)
 * @param spans       the tasks that began, laid out in lanes ({@link Timeline})
 * @param runtimes    seconds per entry, over the entries of their latest attempt that began and ended
 *                    (a summarized task's within 1 %: {@link Runtimes})
 * @param peaks       megabytes per task, over the tasks whose peak was measured
 * @param efficiency  percent per task (CPU time ÷ (elapsed × cpus)), over the tasks whose CPU time was measured
 *                    (by a scheduler, else by the wrapper)
 * @param failures    the failed entries by cause, most common first
 * @param generated   epoch seconds when the report was made
 */
public record RunReport(RunStatus status, ResourceUsage usage, List<AttemptSpec> attempts, List<TaskSpan> spans,
                        Histogram runtimes, Histogram peaks, Histogram efficiency, List<FailureCause> failures, double generated) {

    /** Examples kept per cause, and stderr lines per example. */
    public static final int EXAMPLES = 3;
    public static final int STDERR_LINES = 5;

    /** The report of a run whose status was read with {@code timeline} handed every attempt's entries. */
    public static RunReport of(RunDir run, RunStatus status, ResourceUsage usage, Timeline timeline, double now) {
        List<AttemptSpec> attempts = new ArrayList<>();
        Map<Integer, AttemptDir> dirs = new HashMap<>();
        for (AttemptDir a : run.attempts()) {
            attempts.add(a.spec());
            dirs.put(a.number(), a);
        }
        List<TaskSpan> spans = measured(timeline.spans(), dirs, usage);
        Runtimes runtimes = new Runtimes();
        status.visit(e -> {
            if (e.start().isPresent() && e.end().isPresent()) {
                runtimes.add(e.end().getAsDouble() - e.start().getAsDouble());
            }
        }, (shared, held) -> {
            if (shared instanceof TaskSummary summary) {
                summary.addRuntimes(runtimes, held);
            }
        });
        double[] peaks = spans.stream().filter(s -> s.peakBytes().isPresent())
                .mapToDouble(s -> s.peakBytes().getAsLong() / 1048576.0).toArray();
        double[] efficiency = spans.stream().filter(s -> s.cpuEfficiency().isPresent())
                .mapToDouble(s -> 100 * s.cpuEfficiency().getAsDouble()).toArray();
        return new RunReport(status, usage, List.copyOf(attempts), spans, Histogram.of(runtimes), Histogram.of(peaks),
                Histogram.of(efficiency), failures(run, status), now);
    }

    /**
     * The spans with what was measured of their tasks: the local sampler's peak, and a scheduler's
     * accounting (which {@code usage} already read, every attempt's).
     */
    private static List<TaskSpan> measured(List<TaskSpan> spans, Map<Integer, AttemptDir> dirs, ResourceUsage usage) {
        Map<Integer, Map<Integer, Long>> sampled = new HashMap<>();
        Map<Long, TaskMeasurement> accounted = new HashMap<>();
        usage.measured().forEach(m -> accounted.put(TaskSpan.key(m.attempt(), m.task()), m.usage()));
        List<TaskSpan> out = new ArrayList<>(spans.size());
        for (TaskSpan s : spans) {
            AttemptDir dir = dirs.get(s.attempt());
            Long rss = sampled.computeIfAbsent(s.attempt(), a -> TaskUsage.read(dir)).get(s.task());
            TaskMeasurement m = accounted.get(TaskSpan.key(s.attempt(), s.task()));
            long peak = Math.max(rss == null ? -1 : rss, m == null ? -1 : m.peakBytes().orElse(-1));
            OptionalDouble submit = m == null || m.submit().isEmpty() ? OptionalDouble.empty()
                    : OptionalDouble.of(m.submit().get().toEpochMilli() / 1000.0);
            OptionalDouble efficiency = m == null ? OptionalDouble.empty() : m.cpuEfficiency();
            if (efficiency.isEmpty() && s.cpuSeconds().isPresent() && s.end() > s.start()) {   // the wrapper's, then
                efficiency = OptionalDouble.of(s.cpuSeconds().getAsDouble() / ((s.end() - s.start()) * dir.spec().resources().cpus()));
            }
            out.add(s.measured(submit, peak >= 0 ? OptionalLong.of(peak) : OptionalLong.empty(), efficiency));
        }
        return out;
    }

    /** The failures by cause: a count and the first few of each, whatever their number (a million cancelled). */
    private static List<FailureCause> failures(RunDir run, RunStatus status) {
        Map<String, List<EntryStatus>> examplesByCause = new LinkedHashMap<>();
        Map<String, int[]> counts = new HashMap<>();
        status.forEachFailure(e -> {
            String key = key(e);
            counts.computeIfAbsent(key, k -> new int[1])[0]++;
            List<EntryStatus> examples = examplesByCause.computeIfAbsent(key, k -> new ArrayList<>());
            if (examples.size() < EXAMPLES) {
                examples.add(e);
            }
        });
        BitSet wanted = new BitSet();
        examplesByCause.values().forEach(l -> l.forEach(e -> wanted.set(e.entry())));
        Map<Integer, Entry> inputs = wanted.isEmpty() ? Map.of() : EntriesFile.read(run.entriesFile(), wanted::get);
        EntryOutputs outputs = new EntryOutputs(run);
        List<FailureCause> causes = new ArrayList<>();
        examplesByCause.forEach((key, same) -> {
            EntryStatus first = same.get(0);
            List<FailureCause.Example> examples = same.stream()
                    .map(e -> new FailureCause.Example(e.entry(), inputs.get(e.entry()).text(), e.detail(), e.host(),
                            outputs.stderrTail(e, STDERR_LINES)))
                    .toList();
            causes.add(new FailureCause(first.state(), first.state() == EntryState.FAILED ? first.exitCode() : OptionalInt.empty(),
                    counts.get(key)[0], examples));
        });
        causes.sort((a, b) -> Integer.compare(b.count(), a.count()));
        return List.copyOf(causes);
    }

    private static String key(EntryStatus e) {
        return e.state() == EntryState.FAILED ? "FAILED " + e.exitCode().orElse(-1) : e.state().name();
    }
}
