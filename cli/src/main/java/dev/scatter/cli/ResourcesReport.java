package dev.scatter.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.io.Json;
import dev.scatter.core.ledger.MeasuredUsage;
import dev.scatter.core.model.TaskMeasurement;
import dev.scatter.core.status.ResourceAdvice;
import dev.scatter.core.status.ResourceUsage;
import java.io.PrintWriter;

/** {@code status --resources}: what entries used against what was asked, and what to ask next time. */
final class ResourcesReport {

    private ResourcesReport() {
    }

    static void printText(ResourceUsage u, PrintWriter out) {
        out.println();
        if (!u.note().isEmpty()) {
            out.println("resources: " + u.note());
        }
        if (u.entries() == 0) {
            out.println("resources: no succeeded entry to measure yet");
            out.flush();
            return;
        }
        ResourceAdvice advice = new ResourceAdvice(u);
        out.printf("resources (%d succeeded entries, latest attempt of each):%n", u.entries());
        out.printf("  runtime per entry   median %s, max %s; longest task %s   (asked -t %s per task)%n",
                seconds(u.medianSeconds()), seconds(u.maxSeconds()), seconds(u.maxTaskSeconds()),
                u.requested().time().map(t -> t.slurm()).orElse("none"));
        if (u.maxPeak().isPresent()) {
            out.printf("  peak memory per task median %s, max %s%n", ResourceAdvice.size(u.medianPeak().getAsLong()),
                    ResourceAdvice.size(u.maxPeak().getAsLong()));
            out.println("  memory              " + advice.memory().orElseThrow());
        } else {
            out.println("  peak memory per task not measured by this backend");
        }
        advice.cpu().ifPresent(line -> out.println("  cpu                 " + line));
        out.println("  to ask next time    -t " + advice.suggestedTime() + advice.suggestedMemory().map(m -> "  --mem " + m).orElse("")
                + (advice.suggestedCpus().isPresent() ? "  -c " + advice.suggestedCpus().getAsInt() : "")
                + "   (1.5 × the largest seen)");
        out.flush();
    }

    /** The same numbers as {@link #printText}; with {@code all}, every measured task too (docs/json.md). */
    static ObjectNode json(ResourceUsage u, boolean all) {
        ObjectNode o = Json.object();
        ResourceAdvice advice = new ResourceAdvice(u);
        o.put("entries_measured", u.entries());
        o.put("median_entry_seconds", u.medianSeconds());
        o.put("max_entry_seconds", u.maxSeconds());
        o.put("max_task_seconds", u.maxTaskSeconds());
        u.medianPeak().ifPresent(p -> o.put("median_task_peak_bytes", p));
        u.maxPeak().ifPresent(p -> o.put("max_task_peak_bytes", p));
        u.cpuEfficiency().ifPresent(e -> o.put("cpu_efficiency", e));
        u.maxCpusBusy().ifPresent(c -> o.put("max_cpus_busy", c));
        o.put("requested_cpus", u.requested().cpus());
        u.requested().time().ifPresent(t -> o.put("requested_time_s", t.seconds()));
        u.requested().memory().ifPresent(m -> o.put("requested_mem_mb", m.megabytes()));
        o.put("tasks_measured", u.measured().size());
        if (u.entries() > 0) {
            o.put("suggested_time", advice.suggestedTime());
            advice.suggestedMemory().ifPresent(m -> o.put("suggested_mem", m));
            advice.suggestedCpus().ifPresent(c -> o.put("suggested_cpus", c));
            ArrayNode lines = o.putArray("advice");
            advice.memory().ifPresent(lines::add);
            advice.cpu().ifPresent(lines::add);
        }
        if (!u.note().isEmpty()) {
            o.put("note", u.note());
        }
        if (all) {
            ArrayNode tasks = o.putArray("tasks");
            for (ResourceUsage.Measured m : u.measured()) {
                tasks.add(task(m));
            }
        }
        return o;
    }

    private static ObjectNode task(ResourceUsage.Measured row) {
        TaskMeasurement m = row.usage();
        ObjectNode t = Json.object();
        t.put("attempt", row.attempt());
        t.put("task", row.task());
        // times as epoch seconds, as everywhere in docs/json.md
        MeasuredUsage.putFields(t, m, (name, time) -> t.put(name, time.getEpochSecond()));
        m.cpuEfficiency().ifPresent(v -> t.put("cpu_efficiency", v));
        return t;
    }

    private static String seconds(double s) {
        return s < 60 ? String.format("%.2f s", s) : Terminal.duration(s);
    }
}
