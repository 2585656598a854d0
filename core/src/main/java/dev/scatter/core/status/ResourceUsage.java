package dev.scatter.core.status;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.MeasuredUsage;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskUsage;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.Runtimes;
import dev.scatter.core.model.TaskMeasurement;
import dev.scatter.core.model.TaskSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the entries used against what was asked, for {@code status --resources}: runtime per entry
 * (from the wrapper's begin/end records), peak memory per task (the local executor samples it; a
 * cluster's accounting measures it: {@link MeasuredUsage}) and CPU efficiency (a scheduler's CPU
 * time where it measured the task, else the wrapper's own per entry), over the latest attempt of
 * every succeeded entry.
 *
 * @param entries        succeeded entries measured
 * @param medianSeconds  median runtime of one entry (within 1 %: {@link Runtimes})
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
        Runtimes runtimes = new Runtimes();
        Map<Long, Tally> tasks = new LinkedHashMap<>();   // attempt/task -> what its succeeded entries add up to
        Map<Integer, Map<Integer, Long>> sampledByAttempt = new HashMap<>();
        Map<Integer, Map<Integer, TaskMeasurement>> measuredByAttempt = new HashMap<>();
        List<Long> peaks = new ArrayList<>();
        double cpu = 0;
        double capacity = 0;
        double busiest = -1;
        status.visit(e -> {
            if (e.state() == EntryState.SUCCEEDED && e.start().isPresent() && e.end().isPresent()) {
                runtimes.add(e.end().getAsDouble() - e.start().getAsDouble());
                tally(tasks, e.attempt(), e.task()).add(e.start().getAsDouble(), e.end().getAsDouble(), e.cpuSeconds());
            }
        }, (shared, held) -> {
            if (shared instanceof TaskSummary s && s.summarized() > 0) {
                s.addRuntimes(runtimes, held);
                tally(tasks, s.attempt(), s.task()).add(s.firstStart(), s.lastEnd(), s.cpuSeconds());
            }
        });
        for (Tally t : tasks.values()) {
            Long sampled = sampledByAttempt.computeIfAbsent(t.attempt, a -> TaskUsage.read(run.attempt(a))).get(t.task);
            TaskMeasurement m = measuredByAttempt.computeIfAbsent(t.attempt, a -> MeasuredUsage.read(run.attempt(a))).get(t.task);
            long peak = Math.max(sampled == null ? -1 : sampled, m == null ? -1 : m.peakBytes().orElse(-1));
            if (peak >= 0) {
                peaks.add(peak);
            }
            // the scheduler's figures where it measured the task; else the wrapper's CPU time of its entries
            if (m != null && m.cpuEfficiency().isPresent()) {
                double elapsed = m.elapsedSeconds().getAsDouble();
                cpu += m.cpuSeconds().getAsDouble();
                capacity += elapsed * m.cpus();
                busiest = Math.max(busiest, m.cpuSeconds().getAsDouble() / elapsed);
            } else if (t.wrapperMeasured && t.end > t.start) {
                cpu += t.wrapperCpu;
                capacity += (t.end - t.start) * run.attempt(t.attempt).spec().resources().cpus();
                busiest = Math.max(busiest, t.wrapperCpu / (t.end - t.start));
            }
        }
        peaks.sort(null);
        double maxTask = tasks.values().stream().mapToDouble(t -> t.end - t.start).max().orElse(0);
        AttemptDir latest = run.latestAttempt();
        List<Measured> measured = new ArrayList<>();
        for (AttemptDir a : run.attempts()) {
            measuredByAttempt.computeIfAbsent(a.number(), n -> MeasuredUsage.read(a))
                    .forEach((task, m) -> measured.add(new Measured(a.number(), task, m)));
        }
        return new ResourceUsage((int) runtimes.count(), runtimes.quantile(0.5), runtimes.max(),
                maxTask, peaks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(peaks.get(peaks.size() / 2)),
                peaks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(peaks.get(peaks.size() - 1)),
                capacity > 0 ? OptionalDouble.of(cpu / capacity) : OptionalDouble.empty(),
                busiest >= 0 ? OptionalDouble.of(busiest) : OptionalDouble.empty(),
                latest.spec().resources(), List.copyOf(measured), note);
    }

    /** One task's succeeded entries: their span, and the CPU seconds the wrapper measured of them. */
    private static final class Tally {
        final int attempt;
        final int task;
        double start = Double.MAX_VALUE;
        double end = -Double.MAX_VALUE;
        double wrapperCpu;
        boolean wrapperMeasured;

        Tally(int attempt, int task) {
            this.attempt = attempt;
            this.task = task;
        }

        void add(double from, double to, OptionalDouble cpuSeconds) {
            start = Math.min(start, from);
            end = Math.max(end, to);
            if (cpuSeconds.isPresent()) {
                wrapperCpu += cpuSeconds.getAsDouble();
                wrapperMeasured = true;
            }
        }
    }

    private static Tally tally(Map<Long, Tally> tasks, int attempt, int task) {
        return tasks.computeIfAbsent(((long) attempt << 32) | task, k -> new Tally(attempt, task));
    }
}
