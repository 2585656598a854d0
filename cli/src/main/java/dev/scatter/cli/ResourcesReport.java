package dev.scatter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.io.Json;
import dev.scatter.core.status.ResourceUsage;
import java.io.PrintWriter;

/** {@code status --resources}: what entries used against what was asked, and what to ask next time. */
final class ResourcesReport {

    private ResourcesReport() {
    }

    static void printText(ResourceUsage u, PrintWriter out) {
        out.println();
        if (u.entries() == 0) {
            out.println("resources: no succeeded entry to measure yet");
            out.flush();
            return;
        }
        out.printf("resources (%d succeeded entries, latest attempt of each):%n", u.entries());
        out.printf("  runtime per entry   median %s, max %s; longest task %s   (asked -t %s per task)%n",
                seconds(u.medianSeconds()), seconds(u.maxSeconds()), seconds(u.maxTaskSeconds()),
                u.requested().time().map(t -> t.slurm()).orElse("none"));
        if (u.maxPeak().isPresent()) {
            out.printf("  peak memory per task median %s, max %s   (asked --mem %s)%n", mb(u.medianPeak().getAsLong()),
                    mb(u.maxPeak().getAsLong()), u.requested().memory().map(Object::toString).orElse("none"));
        } else {
            out.println("  peak memory per task not measured by this backend");
        }
        out.println("  to ask next time    -t " + suggestedTime(u) + (u.maxPeak().isPresent() ? "  --mem " + suggestedMem(u) : "")
                + "   (1.5 × the largest seen)");
        out.flush();
    }

    static ObjectNode json(ResourceUsage u) {
        ObjectNode o = Json.object();
        o.put("entries_measured", u.entries());
        o.put("median_entry_seconds", u.medianSeconds());
        o.put("max_entry_seconds", u.maxSeconds());
        o.put("max_task_seconds", u.maxTaskSeconds());
        u.medianPeak().ifPresent(p -> o.put("median_task_peak_bytes", p));
        u.maxPeak().ifPresent(p -> o.put("max_task_peak_bytes", p));
        u.requested().time().ifPresent(t -> o.put("requested_time_s", t.seconds()));
        u.requested().memory().ifPresent(m -> o.put("requested_mem_mb", m.megabytes()));
        if (u.entries() > 0) {
            o.put("suggested_time", suggestedTime(u));
            if (u.maxPeak().isPresent()) {
                o.put("suggested_mem", suggestedMem(u));
            }
        }
        return o;
    }

    private static String suggestedTime(ResourceUsage u) {
        long minutes = (long) Math.ceil(u.maxTaskSeconds() * 1.5 / 60);
        return new dev.scatter.core.model.TimeLimit(java.time.Duration.ofMinutes(Math.max(1, minutes))).slurm();
    }

    private static String suggestedMem(ResourceUsage u) {
        long mb = (long) Math.ceil(u.maxPeak().getAsLong() * 1.5 / (1 << 20) / 100) * 100;
        return new dev.scatter.core.model.MemorySize(Math.max(100, mb)).toString();
    }

    private static String seconds(double s) {
        return s < 60 ? String.format("%.2f s", s) : Terminal.duration(s);
    }

    private static String mb(long bytes) {
        return (bytes >> 20) + "M";
    }
}
