package dev.scatter.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.doctor.Doctor;
import dev.scatter.core.io.Json;
import dev.scatter.core.spi.Check;
import java.io.PrintWriter;

/**
 * {@code scatter doctor} as aligned lines for people ({@code OK   topic       text}, then
 * {@code      fix: …} under a WARN or FAIL) and as one JSON object for scripts (docs/json.md).
 */
final class DoctorReport {

    /** Wide enough for every topic ("accounting"), so lines align while checks are still coming. */
    private static final int TOPIC_WIDTH = 11;
    private static final String INDENT = " ".repeat(5);

    private DoctorReport() {
    }

    static void printCheck(Check check, PrintWriter out) {
        String head = String.format("%-4s %-" + TOPIC_WIDTH + "s ", check.level(), check.topic());
        String continuation = "\n" + " ".repeat(head.length());
        out.println(head + check.text().strip().replace("\n", continuation));
        check.fix().ifPresent(fix -> out.println(INDENT + "fix: " + fix));
    }

    /** {@code scatter doctor: 0 failures, 2 warnings}. */
    static String summary(Doctor.Report report) {
        return "scatter doctor: " + plural(report.count(Check.Level.FAIL), "failure") + ", "
                + plural(report.count(Check.Level.WARN), "warning");
    }

    /** {@code {"backend": "slurm", "checks": [{"topic", "level", "text", "fix"}…], "fails": 0, "warnings": 1}}. */
    static ObjectNode json(Doctor.Report report) {
        ObjectNode o = Json.object();
        o.put("backend", report.backend());
        ArrayNode checks = o.putArray("checks");
        for (Check c : report.checks()) {
            ObjectNode j = checks.addObject();
            j.put("topic", c.topic());
            j.put("level", c.level().name());
            j.put("text", c.text());
            j.put("fix", c.fix().orElse(null));
        }
        o.put("fails", report.count(Check.Level.FAIL));
        o.put("warnings", report.count(Check.Level.WARN));
        return o;
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
