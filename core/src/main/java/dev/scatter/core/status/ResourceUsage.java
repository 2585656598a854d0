package dev.scatter.core.status;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.MeasuredUsage;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskUsage;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.TaskMeasurement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the entries used against what was asked, for {@code status --resources}: runtime per entry
 * (from the wrapper's begin/end records), peak memory per task (the local executor samples it; a
 * cluster's accounting measures it: {@link MeasuredUsage}) and CPU efficiency (where a scheduler
 * measured CPU time), over the latest attempt of every succeeded entry.
 *
 * @param entries        succeeded entries measured
 * @param medianSeconds  median runtime of one entry
 * @param maxSeconds     longest runtime of one entry
 * @param maxTaskSeconds longest task (all its entries, one after the other)
 * @param medianPeak     median peak resident memory of a task, in bytes, where measured
 * @param maxPeak        largest peak resident memory of a task, in bytes, where measured
 * @param cpuEfficiency  CPU time ÷ (elapsed × cpus) summed over the measured tasks, as seff computes it
 * @param maxCpusBusy    the most cpus a task kept busy on average (its CPU time ÷ its elapsed time)
 * @param requested      the resources of the latest attempt
 * @param measured       every task a scheduler measured (all states), for {@code --json --all}
 * @param note           why the scheduler could not be asked this time, or empty
 */
public record ResourceUsage(int entries, double medianSeconds, double maxSeconds, double maxTaskSeconds,
                            OptionalLong medianPeak, OptionalLong maxPeak, OptionalDouble cpuEfficiency,
                            OptionalDouble maxCpusBusy, Resources requested, List<Measured> measured, String note) {

    /** One measured task of one attempt. */
    public record Measured(int attempt, int task, TaskMeasurement usage) {
    }

    public static ResourceUsage of(RunDir run, RunStatus status) {
        return of(run, status, "");
    }

    public static ResourceUsage of(RunDir run, RunStatus status, String note) {
        List<Double> runtimes = new ArrayList<>();
        Map<String, double[]> taskSpans = new HashMap<>();   // attempt/task -> [first start, last end]
        Map<Integer, Map<Integer, Long>> sampledByAttempt = new HashMap<>();
        Map<Integer, Map<Integer, TaskMeasurement>> measuredByAttempt = new HashMap<>();
        List<Long> peaks = new ArrayList<>();
        double cpu = 0;
        double capacity = 0;
        double busiest = -1;
        Set<String> counted = new HashSet<>();
        for (EntryStatus e : status.entries()) {
            if (e.state() != EntryState.SUCCEEDED || e.start().isEmpty() || e.end().isEmpty()) {
                continue;
            }
            double start = e.start().getAsDouble();
            double end = e.end().getAsDouble();
            runtimes.add(end - start);
            String key = e.attempt() + "/" + e.task();
            taskSpans.merge(key, new double[] {start, end}, (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            if (!counted.add(key)) {
                continue;
            }
            Long sampled = sampledByAttempt.computeIfAbsent(e.attempt(), a -> TaskUsage.read(run.attempt(a))).get(e.task());
            TaskMeasurement m = measuredByAttempt.computeIfAbsent(e.attempt(), a -> MeasuredUsage.read(run.attempt(a))).get(e.task());
            long peak = Math.max(sampled == null ? -1 : sampled, m == null ? -1 : m.peakBytes().orElse(-1));
            if (peak >= 0) {
                peaks.add(peak);
            }
            if (m != null && m.cpuEfficiency().isPresent()) {
                double elapsed = m.elapsedSeconds().getAsDouble();
                cpu += m.cpuSeconds().getAsDouble();
                capacity += elapsed * m.cpus();
                busiest = Math.max(busiest, m.cpuSeconds().getAsDouble() / elapsed);
            }
        }
        runtimes.sort(null);
        peaks.sort(null);
        double maxTask = taskSpans.values().stream().mapToDouble(s -> s[1] - s[0]).max().orElse(0);
        AttemptDir latest = run.latestAttempt();
        List<Measured> measured = new ArrayList<>();
        for (AttemptDir a : run.attempts()) {
            measuredByAttempt.computeIfAbsent(a.number(), n -> MeasuredUsage.read(a))
                    .forEach((task, m) -> measured.add(new Measured(a.number(), task, m)));
        }
        return new ResourceUsage(runtimes.size(), median(runtimes).orElse(0), runtimes.isEmpty() ? 0 : runtimes.get(runtimes.size() - 1),
                maxTask, peaks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(peaks.get(peaks.size() / 2)),
                peaks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(peaks.get(peaks.size() - 1)),
                capacity > 0 ? OptionalDouble.of(cpu / capacity) : OptionalDouble.empty(),
                busiest >= 0 ? OptionalDouble.of(busiest) : OptionalDouble.empty(),
                latest.spec().resources(), List.copyOf(measured), note);
    }

    private static OptionalDouble median(List<Double> sorted) {
        return sorted.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(sorted.get(sorted.size() / 2));
    }
}
