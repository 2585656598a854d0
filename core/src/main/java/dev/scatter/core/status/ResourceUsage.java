package dev.scatter.core.status;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskUsage;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the entries used against what was asked, for {@code status --resources}: runtime per entry
 * (from the wrapper's begin/end records) and peak memory per task (where the backend measured it),
 * over the latest attempt of every succeeded entry.
 *
 * @param entries        succeeded entries measured
 * @param medianSeconds  median runtime of one entry
 * @param maxSeconds     longest runtime of one entry
 * @param maxTaskSeconds longest task (all its entries, one after the other)
 * @param medianPeak     median peak resident memory of a task, in bytes, where measured
 * @param maxPeak        largest peak resident memory of a task, in bytes, where measured
 * @param requested      the resources of the latest attempt
 */
public record ResourceUsage(int entries, double medianSeconds, double maxSeconds, double maxTaskSeconds,
                            OptionalLong medianPeak, OptionalLong maxPeak, Resources requested) {

    public static ResourceUsage of(RunDir run, RunStatus status) {
        List<Double> runtimes = new ArrayList<>();
        Map<String, double[]> taskSpans = new HashMap<>();   // attempt/task -> [first start, last end]
        Map<Integer, Map<Integer, Long>> peaksByAttempt = new HashMap<>();
        List<Long> peaks = new ArrayList<>();
        java.util.Set<String> counted = new java.util.HashSet<>();
        for (EntryStatus e : status.entries()) {
            if (e.state() != EntryState.SUCCEEDED || e.start().isEmpty() || e.end().isEmpty()) {
                continue;
            }
            double start = e.start().getAsDouble();
            double end = e.end().getAsDouble();
            runtimes.add(end - start);
            String key = e.attempt() + "/" + e.task();
            taskSpans.merge(key, new double[] {start, end}, (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            Map<Integer, Long> peakOf = peaksByAttempt.computeIfAbsent(e.attempt(), a -> TaskUsage.read(run.attempt(a)));
            if (peakOf.containsKey(e.task()) && counted.add(key)) {
                peaks.add(peakOf.get(e.task()));
            }
        }
        runtimes.sort(null);
        peaks.sort(null);
        double maxTask = taskSpans.values().stream().mapToDouble(s -> s[1] - s[0]).max().orElse(0);
        AttemptDir latest = run.latestAttempt();
        return new ResourceUsage(runtimes.size(), median(runtimes).orElse(0), runtimes.isEmpty() ? 0 : runtimes.get(runtimes.size() - 1),
                maxTask, peaks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(peaks.get(peaks.size() / 2)),
                peaks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(peaks.get(peaks.size() - 1)),
                latest.spec().resources());
    }

    private static OptionalDouble median(List<Double> sorted) {
        return sorted.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(sorted.get(sorted.size() / 2));
    }
}
