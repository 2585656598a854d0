package dev.scatter.core.report;

import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.TaskSummary;
import dev.scatter.core.status.EveryAttempt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Folds every attempt's tasks (as {@code StatusReader} hands them over: a settled task as its
 * summary, any other as its entries) into one span per task, then lays the spans out in lanes: per
 * host, a task takes the first lane free at its start, so a lane is a slot of the local pool or a
 * share of a cluster node. Memory is O(tasks).
 */
public final class Timeline implements EveryAttempt {

    /** The states by how much they say about a task: its worst entry colours it. */
    private static final Map<EntryState, Integer> SEVERITY = Map.of(EntryState.SUCCEEDED, 0, EntryState.PENDING, 1,
            EntryState.QUEUED, 2, EntryState.RUNNING, 3, EntryState.CANCELLED, 4, EntryState.UNKNOWN, 5, EntryState.LOST, 6,
            EntryState.FAILED, 7, EntryState.TIMEOUT, 8, EntryState.OUT_OF_MEMORY, 8);

    private final double now;
    private final Map<Long, Open> tasks = new LinkedHashMap<>();

    /** @param now epoch seconds: where the bar of a task still running ends */
    public Timeline(double now) {
        this.now = now;
    }

    private static final class Open {
        final int attempt;
        final int task;
        String host = "";
        EntryState state = EntryState.SUCCEEDED;
        double start = Double.MAX_VALUE;
        double end = -1;
        int entries;
        int failed;
        boolean running;
        double cpu;
        boolean cpuMeasured;

        Open(int attempt, int task) {
            this.attempt = attempt;
            this.task = task;
        }
    }

    @Override
    public void summarized(TaskSummary s) {
        Open t = open(s.attempt(), s.task());
        if (s.summarized() > 0) {   // succeeded entries: they add their count, span, host and CPU time, not a state
            t.entries += s.summarized();
            t.start = Math.min(t.start, s.firstStart());
            t.end = Math.max(t.end, s.lastEnd());
            if (t.host.isEmpty()) {
                t.host = s.host();
            }
            if (s.cpuSeconds().isPresent()) {
                t.cpu += s.cpuSeconds().getAsDouble();
                t.cpuMeasured = true;
            }
        }
        s.others().forEach(this::entry);
    }

    @Override
    public void entry(EntryStatus e) {
        Open t = open(e.attempt(), e.task());
        t.entries++;
        if (e.state().isFailure()) {
            t.failed++;
        }
        if (SEVERITY.get(e.state()) > SEVERITY.get(t.state)) {
            t.state = e.state();
        }
        if (e.cpuSeconds().isPresent()) {
            t.cpu += e.cpuSeconds().getAsDouble();
            t.cpuMeasured = true;
        }
        if (e.start().isPresent()) {
            t.start = Math.min(t.start, e.start().getAsDouble());
            if (t.host.isEmpty()) {
                t.host = e.host();
            }
            if (e.end().isPresent()) {
                t.end = Math.max(t.end, e.end().getAsDouble());
            } else if (!e.state().isFinal()) {
                t.running = true;
            }
        }
    }

    private Open open(int attempt, int task) {
        return tasks.computeIfAbsent(TaskSpan.key(attempt, task), k -> new Open(attempt, task));
    }

    /** The tasks that began, by start, each in its lane; lanes are numbered host by host. */
    public List<TaskSpan> spans() {
        List<Open> begun = new ArrayList<>();
        for (Open t : tasks.values()) {
            if (t.start != Double.MAX_VALUE) {
                begun.add(t);
            }
        }
        begun.sort(Comparator.comparingDouble((Open t) -> t.start).thenComparingInt(t -> t.attempt).thenComparingInt(t -> t.task));
        Map<String, List<Double>> laneEnds = new LinkedHashMap<>();   // host -> when each of its lanes is free again
        List<TaskSpan> laid = new ArrayList<>(begun.size());
        for (Open t : begun) {
            double end = t.running ? Math.max(now, t.start) : Math.max(t.end, t.start);
            List<Double> ends = laneEnds.computeIfAbsent(t.host, h -> new ArrayList<>());
            int lane = 0;
            while (lane < ends.size() && ends.get(lane) > t.start) {
                lane++;
            }
            if (lane == ends.size()) {
                ends.add(end);
            } else {
                ends.set(lane, end);
            }
            laid.add(new TaskSpan(t.attempt, t.task, t.host, lane, t.state, OptionalDouble.empty(), t.start, end, t.entries,
                    t.failed, OptionalLong.empty(), t.cpuMeasured ? OptionalDouble.of(t.cpu) : OptionalDouble.empty(), OptionalDouble.empty()));
        }
        // number the lanes host after host, hosts in the order they first ran something
        Map<String, Integer> firstLane = new HashMap<>();
        int next = 0;
        for (var host : laneEnds.entrySet()) {
            firstLane.put(host.getKey(), next);
            next += host.getValue().size();
        }
        laid.replaceAll(s -> s.inLane(firstLane.get(s.host()) + s.lane()));
        return laid;
    }

    /** Lane → its label ({@code host}, or {@code host #k} where a host has several), for {@link #spans()}. */
    public static List<String> laneLabels(List<TaskSpan> spans) {
        Map<String, int[]> range = new LinkedHashMap<>();   // host -> [first lane, last lane]
        for (TaskSpan s : spans) {
            range.merge(s.host(), new int[] {s.lane(), s.lane()}, (a, b) -> new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        int lanes = range.values().stream().mapToInt(r -> r[1] + 1).max().orElse(0);
        List<String> labels = new ArrayList<>(java.util.Collections.nCopies(lanes, ""));
        range.forEach((host, r) -> {
            String name = host.isEmpty() ? "?" : host;
            for (int l = r[0]; l <= r[1]; l++) {
                labels.set(l, r[0] == r[1] ? name : name + " #" + (l - r[0] + 1));
            }
        });
        return labels;
    }
}
