package dev.scatter.core.grid;

import dev.scatter.core.model.EntryState;
import dev.scatter.core.spi.LiveView;
import java.util.Map;
import java.util.function.BiFunction;

/** One poll's answer for a run on a cluster: per unfinished task, what its entries are doing. */
final class GridLiveView implements LiveView {

    /** The view of a task's begun entry, and of its entries that have not begun. */
    record Views(TaskView begun, TaskView notBegun) {
        static Views both(EntryState state, String detail) {
            TaskView v = new TaskView(state, detail);
            return new Views(v, v);
        }
    }

    private final Map<Long, Views> tasks;
    private final BiFunction<Integer, Integer, Views> fallback;
    private final String note;

    GridLiveView(Map<Long, Views> tasks, BiFunction<Integer, Integer, Views> fallback, String note) {
        this.tasks = tasks;
        this.fallback = fallback;
        this.note = note;
    }

    static long key(int attempt, int task) {
        return ((long) attempt << 32) | (task & 0xffffffffL);
    }

    @Override
    public TaskView task(int attempt, int task, java.util.Optional<dev.scatter.core.ledger.ResultFile.Begin> begin) {
        Views v = tasks.get(key(attempt, task));
        if (v == null) {
            v = fallback.apply(attempt, task);
        }
        return begin.isPresent() ? v.begun() : v.notBegun();
    }

    @Override
    public String note() {
        return note;
    }

    /** How many tasks are in each state (begun view), for the adaptive poll interval. */
    String fingerprint() {
        StringBuilder sb = new StringBuilder();
        tasks.values().stream().map(v -> v.begun().state() + "/" + v.notBegun().state())
                .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                .forEach((k, c) -> sb.append(k).append('=').append(c).append(' '));
        return sb.toString();
    }
}
