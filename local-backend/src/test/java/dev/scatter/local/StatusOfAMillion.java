package dev.scatter.local;

import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.RetryPlanner;
import dev.scatter.core.report.RunReport;
import dev.scatter.core.report.Timeline;
import dev.scatter.core.spi.LiveView;
import dev.scatter.core.status.ResourceUsage;
import dev.scatter.core.status.StatusReader;
import java.nio.file.Path;
import java.util.Set;

/**
 * What {@link MemoryBoundsTest} runs in a JVM with a small heap: the status of a run, read twice
 * (from its records, then from the summaries the first read wrote), the retry of its failures
 * planned from it, and its report (timeline, histograms, resources, failures by cause). Prints one line of counts; a heap too small for it ends in OutOfMemoryError.
 */
public final class StatusOfAMillion {

    private StatusOfAMillion() {
    }

    public static void main(String[] args) {
        RunDir run = new RunDir(Path.of(args[0]));
        LiveView queued = (attempt, task, begin) -> new LiveView.TaskView(EntryState.QUEUED, "");
        RunStatus fromRecords = StatusReader.read(run, queued);
        RunStatus fromSummaries = StatusReader.read(run, queued);
        int retried = RetryPlanner.plan(run, fromSummaries, e -> e.state().isFailure(), Set.of(), r -> r, false, 1000)
                .stream().mapToInt(a -> a.plan().entryCount()).sum();
        long ended = fromSummaries.entries().stream().map(EntryStatus::state).filter(EntryState::isFinal).count();
        Timeline timeline = new Timeline(1_900_000_000.0);
        RunStatus forReport = StatusReader.read(run, queued, timeline);
        RunReport report = RunReport.of(run, forReport, ResourceUsage.of(run, forReport), timeline, 1_900_000_000.0);
        System.out.println("succeeded " + fromRecords.count(EntryState.SUCCEEDED) + " " + fromSummaries.count(EntryState.SUCCEEDED)
                + " failed " + fromSummaries.failures().size() + " ended " + ended + " retried " + retried
                + " report " + report.spans().size() + " tasks " + report.runtimes().total() + " runtimes "
                + report.usage().entries() + " measured " + report.failures().get(0).count() + " " + report.failures().get(0).label());
    }
}
