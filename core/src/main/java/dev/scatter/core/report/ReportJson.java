package dev.scatter.core.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.io.Json;
import dev.scatter.core.io.ShellQuote;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The {@code report} object of {@code scatter report --json} (docs/json.md), which the HTML page
 * also draws from. The timeline is columnar (one array per field, one element per task) so that a
 * run of 100,000 tasks stays a few megabytes; its times are seconds after {@code t0}, to 0.01 s.
 */
public final class ReportJson {

    private ReportJson() {
    }

    public static ObjectNode of(RunReport r) {
        RunSpec spec = r.status().spec();
        ObjectNode o = Json.object();
        o.put("generated", round(r.generated()));
        o.put("command", command(spec));
        o.put("created", spec.created().getEpochSecond());
        o.set("attempts", attempts(r.attempts()));
        o.set("timeline", timeline(r.spans()));
        ObjectNode h = o.putObject("histograms");
        h.set("entry_seconds", histogram(r.runtimes()));
        ObjectNode peaks = histogram(r.peaks());
        r.usage().requested().memory().ifPresent(m -> peaks.put("requested", m.megabytes()));
        h.set("task_peak_mb", peaks);
        h.set("task_cpu_efficiency_percent", histogram(r.efficiency()));
        ArrayNode causes = o.putArray("failure_causes");
        for (FailureCause c : r.failures()) {
            ObjectNode j = causes.addObject();
            j.put("cause", c.label());
            j.put("state", c.state().name());
            c.exitCode().ifPresent(code -> j.put("exit_code", code));
            j.put("count", c.count());
            ArrayNode examples = j.putArray("examples");
            for (FailureCause.Example e : c.examples()) {
                ObjectNode x = examples.addObject();
                x.put("entry", e.entry());
                x.put("input", e.input());
                x.put("reason", e.reason());
                x.put("host", e.host());
                x.put("stderr_tail", e.stderrTail());
            }
        }
        return o;
    }

    private static String command(RunSpec spec) {
        if (spec.shellLine()) {
            return String.join(" ", spec.command());
        }
        List<String> words = new ArrayList<>();
        spec.command().forEach(w -> words.add(w.matches("[\\w@%+=:,./{}-]+") ? w : ShellQuote.quote(w)));
        return String.join(" ", words);
    }

    private static ArrayNode attempts(List<AttemptSpec> attempts) {
        ArrayNode out = Json.array();
        Resources previous = null;
        for (AttemptSpec a : attempts) {
            ObjectNode j = out.addObject();
            Resources r = a.resources();
            j.put("attempt", a.number());
            j.put("reason", a.reason());
            j.put("created", a.created().getEpochSecond());
            j.put("tasks", a.taskCount());
            j.put("entries", a.isStep() ? 1 : a.plan().entryCount());
            j.put("cpus", r.cpus());
            r.memory().ifPresent(m -> j.put("mem_mb", m.megabytes()));
            r.time().ifPresent(t -> j.put("time_s", t.seconds()));
            if (r.gpus() > 0) {
                j.put("gpus", r.gpus());
            }
            r.partition().ifPresent(p -> j.put("partition", p));
            if (!a.isStep()) {
                if (previous != null) {
                    j.put("changed", changes(previous, r));
                }
                previous = r;
            }
        }
        return out;
    }

    /** What a retry asked differently ({@code --mem 1G → 2G}), or empty. */
    static String changes(Resources before, Resources after) {
        List<String> changed = new ArrayList<>();
        if (before.cpus() != after.cpus()) {
            changed.add("-c " + before.cpus() + " → " + after.cpus());
        }
        if (!before.memory().equals(after.memory())) {
            changed.add("--mem " + before.memory().map(Object::toString).orElse("default") + " → "
                    + after.memory().map(Object::toString).orElse("default"));
        }
        if (!before.time().equals(after.time())) {
            changed.add("-t " + before.time().map(t -> t.slurm()).orElse("default") + " → "
                    + after.time().map(t -> t.slurm()).orElse("default"));
        }
        if (before.gpus() != after.gpus()) {
            changed.add("--gpus " + before.gpus() + " → " + after.gpus());
        }
        if (!before.partition().equals(after.partition())) {
            changed.add("-p " + before.partition().orElse("default") + " → " + after.partition().orElse("default"));
        }
        return String.join(", ", changed);
    }

    private static ObjectNode timeline(List<TaskSpan> spans) {
        ObjectNode t = Json.object();
        double t0 = spans.stream().mapToDouble(s -> s.submit().orElse(s.start())).min().orElse(0);
        t.put("t0", round(t0));
        ArrayNode lanes = t.putArray("lanes");
        Timeline.laneLabels(spans).forEach(lanes::add);
        ArrayNode states = t.putArray("states");
        for (EntryState s : EntryState.values()) {
            states.add(s.name());
        }
        t.put("tasks", spans.size());
        ArrayNode attempt = t.putArray("attempt");
        ArrayNode task = t.putArray("task");
        ArrayNode lane = t.putArray("lane");
        ArrayNode state = t.putArray("state");
        ArrayNode entries = t.putArray("entries");
        ArrayNode failed = t.putArray("failed");
        for (TaskSpan s : spans) {
            attempt.add(s.attempt());
            task.add(s.task());
            lane.add(s.lane());
            state.add(s.state().ordinal());
            entries.add(s.entries());
            failed.add(s.failed());
        }
        column(t, "start", spans, s -> s.start() - t0);
        column(t, "end", spans, s -> s.end() - t0);
        // the optional columns only when some task has them; null where a task has not
        optionalColumn(t, "submit", spans, s -> s.submit().isPresent() ? OptionalDouble.of(s.submit().getAsDouble() - t0) : OptionalDouble.empty());
        optionalColumn(t, "peak_mb", spans, s -> s.peakBytes().isPresent() ? OptionalDouble.of(s.peakBytes().getAsLong() / 1048576.0)
                : OptionalDouble.empty());
        optionalColumn(t, "cpu_efficiency", spans, TaskSpan::cpuEfficiency);
        return t;
    }

    private static void column(ObjectNode t, String name, List<TaskSpan> spans, ToDoubleFunction<TaskSpan> value) {
        ArrayNode a = t.putArray(name);
        spans.forEach(s -> a.add(round(value.applyAsDouble(s))));
    }

    private static void optionalColumn(ObjectNode t, String name, List<TaskSpan> spans, Function<TaskSpan, OptionalDouble> value) {
        if (spans.stream().noneMatch(s -> value.apply(s).isPresent())) {
            return;
        }
        ArrayNode a = t.putArray(name);
        for (TaskSpan s : spans) {
            OptionalDouble v = value.apply(s);
            if (v.isPresent()) {
                a.add(round(v.getAsDouble()));
            } else {
                a.addNull();
            }
        }
    }

    private static ObjectNode histogram(Histogram h) {
        ObjectNode j = Json.object();
        j.put("lo", round(h.lo()));
        j.put("width", h.width());
        ArrayNode counts = j.putArray("counts");
        for (int c : h.counts()) {
            counts.add(c);
        }
        j.put("total", h.total());
        return j;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
