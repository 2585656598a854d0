package dev.scatter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.ExitCode;
import dev.scatter.core.io.Json;
import dev.scatter.core.io.OutputFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.report.ReportJson;
import dev.scatter.core.report.ReportPage;
import dev.scatter.core.report.RunReport;
import dev.scatter.core.run.Runs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter report}: one HTML page to look at a run (or its numbers as JSON). */
@Command(name = "report", description = {"Write one self-contained HTML page about a run: a timeline of its tasks,"
        + " histograms of entry run time, peak memory and CPU efficiency, what was asked against what was used,"
        + " failures by cause with their last stderr lines, and every attempt and step. It opens offline.", ""},
        footer = {"", "Examples:",
                "  scatter report                # the newest run → ./scatter-report-RUN.html",
                "  scatter report 3 -o run3.html && xdg-open run3.html",
                "  scatter report --json | jq .report.failure_causes",
                "", "The JSON is status --json's object (without the failed list), with status --resources'"
                + " numbers under \"resources\" and the report's under \"report\" (docs/json.md).",
                "", "Exit code: 0 when the report was written, whatever the run's state."})
public class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the page to FILE (default: scatter-report-RUN.html in this directory; - for stdout).")
    Path output;

    @Option(names = "--json", description = "Print the report's numbers as JSON instead of writing the page.")
    boolean json;

    @Override
    public Integer call() {
        RunDir run;
        RunReport report;
        try (Runs runs = Cli.runs()) {
            run = ref.resolve(runs);
            report = runs.report(run);
        }
        // status --json without its failed list: the report groups failures by cause, with examples
        ObjectNode data = StatusReport.summary(run, report.status());
        data.set("resources", ResourcesReport.json(report.usage(), false));
        data.set("report", ReportJson.of(report));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.pretty(data));
            out.flush();
            return ExitCode.OK.code();
        }
        byte[] page = ReportPage.render(data).getBytes(StandardCharsets.UTF_8);
        Optional<Path> file = output == null ? Optional.of(Path.of("scatter-report-" + run.spec().id() + ".html"))
                : output.toString().equals("-") ? Optional.empty() : Optional.of(output);
        out.flush();
        try (OutputFile o = file.map(OutputFile::open).orElseGet(OutputFile::stdout)) {
            o.stream().write(page);
            o.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (file.isPresent()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("wrote %s (%s, %d tasks on the timeline): open it in a browser, e.g. xdg-open %s%n", file.get(),
                    kilobytes(page.length), report.spans().size(), file.get());
            err.flush();
        }
        return ExitCode.OK.code();
    }

    private static String kilobytes(long bytes) {
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%d KB", (bytes + 1023) / 1024)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
