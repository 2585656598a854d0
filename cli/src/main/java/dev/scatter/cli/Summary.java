package dev.scatter.cli;

import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.RunStatus;
import java.io.PrintWriter;
import java.util.Map;

/** The few lines {@code scatter run} prints when the run is over. */
final class Summary {

    private Summary() {
    }

    static void print(RunStatus status, double seconds, PrintWriter out) {
        String id = status.spec().id();
        Map<EntryState, Integer> counts = status.counts();
        int n = status.size();
        if (status.heldByBefore()) {
            out.println("run " + id + ": the before step " + StatusReport.describeStep(status, "before", status.step("before").get()));
            out.println("  scatter logs " + id + " --before --stderr   its stderr");
            out.flush();
            return;
        }
        status.step("then").ifPresent(t -> out.println("run " + id + ": then step " + StatusReport.describeStep(status, "then", t)));
        if (status.allSucceeded()) {
            out.println("run " + id + ": all " + n + " entries succeeded in " + String.format("%.1f", seconds) + " s"
                    + "  (scatter gather " + id + " prints their output in input order)");
        } else if (!status.finished()) {
            StringBuilder sb = new StringBuilder("run " + id + ": stopped before the end:");
            counts.forEach((state, count) -> sb.append(' ').append(count).append(' ').append(state.name().toLowerCase()).append(','));
            sb.setLength(sb.length() - 1);
            out.println(sb);
            out.println("  scatter resume " + id + "   runs the entries without a result");
            out.println("  scatter retry " + id + "    runs again those cancelled or failed");
        } else {
            StringBuilder sb = new StringBuilder("run " + id + ": " + n + " entries:");
            counts.forEach((state, count) -> sb.append(' ').append(count).append(' ').append(state.name().toLowerCase()).append(','));
            sb.setLength(sb.length() - 1);
            sb.append(" in ").append(String.format("%.1f", seconds)).append(" s");
            out.println(sb);
            out.println("  scatter status " + id + "   why entries failed, with their stderr");
        }
        out.flush();
    }
}
