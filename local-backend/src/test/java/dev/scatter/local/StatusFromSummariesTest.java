package dev.scatter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.AttemptResults;
import dev.scatter.core.ledger.ResultCache;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskSummaries;
import dev.scatter.core.model.EntryRanges;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.Runtimes;
import dev.scatter.core.report.RunReport;
import dev.scatter.core.report.Timeline;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.LiveView;
import dev.scatter.core.status.ResourceUsage;
import dev.scatter.core.status.StatusReader;
import dev.scatter.core.testkit.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A settled task is read from its summary, once it has one: the status is the one its records give
 * (each entry's state, exit code, task, output files, host and reason), and its records are not
 * read again. Records written by hand, as a cluster's tasks and a local worker leave them.
 */
class StatusFromSummariesTest {

    @TempDir
    Path dir;

    private final LocalBackend backend = new LocalBackend();

    /** Entries 1..9 in tasks of 3: task 0 succeeded, task 1 has a failure and an OOM kill, task 2 is open. */
    private RunDir run() {
        return TestRuns.range(dir, backend, "1..9", 3, Resources.defaults(), "true");
    }

    @Test
    void aClusterTasksSummaryGivesWhatItsRecordsGiveAndItsFileIsNotReadAgain() throws IOException {
        RunDir run = run();
        AttemptDir a = run.latestAttempt();
        Files.writeString(a.results(0), "B 1 10.0 n1 7\nC 1 0.5 0.25\nE 1 0 11.0\nB 2 11.0 n1 7\nE 2 0 12.5\nB 3 12.5 n1 7\nE 3 0 13.0\n");
        Files.writeString(a.results(1), "B 4 20.0 n2 7\nE 4 0 21.0\nB 5 21.0 n2 7\nE 5 2 22.0\nB 6 22.0 n2 7\nE 6 137 23.0\n"
                + "K OUT_OF_MEMORY 23.5 memory limit 1G exceeded\n");
        Files.writeString(a.results(2), "B 7 30.0 n3 7\nE 7 0 31.0\nB 8 31.0 n3 999999\n");
        LiveView live = backend.live(run);

        RunStatus first = StatusReader.read(run, live);
        assertThat(TaskSummaries.read(a)).as("the settled tasks, not the open one").containsOnlyKeys(0, 1);
        RunStatus full = StatusReader.readInFull(run, live);
        RunStatus again = StatusReader.read(run, live);
        for (RunStatus s : new RunStatus[] {first, again}) {
            assertSameAsRecords(s, full);
            assertThat(s.counts()).isEqualTo(full.counts());
            assertThat(s.failures()).isEqualTo(full.failures());
        }
        assertThat(again.entry(2).start()).as("a summarized success carries its task's span").hasValue(10.0);
        assertThat(again.entry(2).end()).hasValue(13.0);
        assertThat(again.entry(6).state()).isEqualTo(EntryState.OUT_OF_MEMORY);
        assertThat(again.entry(6).start()).as("an entry that did not succeed keeps its own times").hasValue(22.0);

        // the summarized tasks' records are gone: a status from them would have no entry begun
        Files.writeString(a.results(0), "");
        Files.writeString(a.results(1), "");
        RunStatus fromSummaries = StatusReader.read(run, live);
        assertSameAsRecords(fromSummaries, full);
        assertThat(StatusReader.readInFull(run, live).entry(1).state()).isNotEqualTo(EntryState.SUCCEEDED);
    }

    @Test
    void aReportAndTheResourcesFromSummariesAreWhatTheRecordsGive() throws IOException {
        RunDir run = run();
        AttemptDir a = run.latestAttempt();
        Files.writeString(a.results(0), "B 1 10.0 n1 7\nC 1 0.5 0.25\nE 1 0 11.0\nB 2 11.0 n1 7\nC 2 1.0 0.25\nE 2 0 12.5\n"
                + "B 3 12.5 n1 7\nE 3 0 13.0\n");
        Files.writeString(a.results(1), "B 4 20.0 n2 7\nE 4 0 21.0\nB 5 21.0 n2 7\nE 5 2 22.0\nB 6 22.0 n2 7\nE 6 137 23.0\n"
                + "K OUT_OF_MEMORY 23.5 memory limit 1G exceeded\n");
        Files.writeString(a.results(2), "B 7 30.0 n3 7\nE 7 0 31.0\nB 8 31.0 n3 999999\n");
        LiveView live = backend.live(run);
        Timeline fromRecords = new Timeline(40);
        StatusReader.read(run, live, fromRecords);   // no summary yet: from the records, and writes the summaries
        assertThat(TaskSummaries.read(a)).containsOnlyKeys(0, 1);
        RunStatus full = StatusReader.readInFull(run, live);
        ResourceUsage wanted = ResourceUsage.of(run, full);
        RunReport report = RunReport.of(run, full, wanted, fromRecords, 40);
        Files.writeString(a.results(0), "");   // what follows can only come from the summaries
        Files.writeString(a.results(1), "");

        Timeline fromSummaries = new Timeline(40);
        RunStatus status = StatusReader.read(run, live, fromSummaries);
        ResourceUsage usage = ResourceUsage.of(run, status);
        RunReport again = RunReport.of(run, status, usage, fromSummaries, 40);

        assertThat(fromSummaries.spans()).isEqualTo(fromRecords.spans()).hasSize(3);
        assertThat(fromSummaries.spans().get(0).cpuSeconds()).hasValue(2.0);
        assertThat(again.runtimes()).isEqualTo(report.runtimes());
        assertThat(again.runtimes().total()).as("every entry that began and ended").isEqualTo(7);
        assertThat(again.failures()).isEqualTo(report.failures());
        assertThat(usage).usingRecursiveComparison().ignoringFields("medianSeconds").isEqualTo(wanted);
        assertThat(usage.medianSeconds()).isCloseTo(wanted.medianSeconds(), within(wanted.medianSeconds() * Runtimes.ACCURACY));
        assertThat(usage.entries()).isEqualTo(5);
        assertThat(usage.maxSeconds()).isEqualTo(1.5);
        assertThat(usage.maxTaskSeconds()).as("task 0: its succeeded entries from 10 to 13").isEqualTo(3.0);
    }

    @Test
    void aFollowerOfALocalRunSummarizesTasksAsTheyEndAndForgetsTheirRecords() throws IOException {
        RunDir run = run();
        AttemptDir a = run.latestAttempt();
        Path w0 = a.results("w0-0");
        Path w1 = a.results("w1-0");
        // worker 0 ran tasks 0 and 1; entry 3 was resumed into worker 1's file (its latest begin is there)
        Files.writeString(w0, "B 1 10.0 vm 7\nE 1 0 11.0\nB 2 11.0 vm 7\nE 2 0 12.0\nB 3 12.0 vm 7\n"
                + "B 4 20.0 vm 7\nE 4 0 21.0\nB 5 21.0 vm 7\nE 5 1 22.0\nB 6 22.0 vm 7\nE 6 0 23.0\n");
        Files.writeString(w1, "B 3 14.0 vm 8\nE 3 0 15.0\nB 7 30.0 vm 8\nE 7 0 31.0\n");
        LiveView live = backend.live(run);
        ResultCache cache = new ResultCache();

        RunStatus look = StatusReader.read(run, live, cache);
        assertSameAsRecords(look, StatusReader.readInFull(run, live));
        assertThat(TaskSummaries.read(a)).containsOnlyKeys(0, 1);
        assertThat(look.entry(3).stem()).as("the resumed entry's output is in the other worker's files").isEqualTo("w1-0");
        assertThat(look.entry(1).stem()).isEqualTo("w0-0");

        Files.writeString(w1, "B 8 31.0 vm 8\nE 8 0 32.0\nB 9 32.0 vm 8\nE 9 0 33.0\n", StandardOpenOption.APPEND);
        // the executor summarizes task 2 as it ends: the follower takes its summary, and adds none of its own
        TaskSummaries.append(a, List.of(StatusReader.summarize(a, 2, AttemptResults.of("w1-0", ResultFile.read(w1), EntryRanges.NONE))
                .orElseThrow()));
        RunStatus last = StatusReader.read(run, live, cache);
        assertSameAsRecords(last, StatusReader.readInFull(run, live));
        assertThat(TaskSummaries.read(a)).containsOnlyKeys(0, 1, 2);
        assertThat(Files.readAllLines(TaskSummaries.file(a))).hasSize(3);
        assertThat(last.count(EntryState.SUCCEEDED)).isEqualTo(8);
        assertThat(last.failures()).extracting(EntryStatus::entry).containsExactly(5);
        assertThat(last.finished()).isTrue();
    }

    @Test
    void theLocalExecutorSummarizesEachTaskItRunsAndTheStatusReadsNoRecordOfThem() throws IOException {
        LocalBackend two = new LocalBackend(new LocalMachine(2, 16_000, 16_000, List.of()));
        RunDir run = TestRuns.range(dir, two, "1..10", 3, Resources.defaults(),
                "if [ {} = 5 ]; then echo 'no «good»' >&2; exit 4; fi; echo {}");
        AttemptDir a = run.latestAttempt();
        two.start(run, a, Backend.Progress.NONE);   // runs every task here and returns

        assertThat(TaskSummaries.read(a)).as("written by the executor: no status has read the run yet").containsOnlyKeys(0, 1, 2, 3);
        RunStatus full = StatusReader.readInFull(run, two.live(run));
        for (String stem : AttemptResults.stems(a)) {
            Files.writeString(a.results(stem), "");   // a status from the summaries needs no record
        }
        RunStatus s = StatusReader.read(run, two.live(run));
        assertSameAsRecords(s, full);
        assertThat(s.failures()).extracting(EntryStatus::entry, EntryStatus::exitCode).containsExactly(tuple(5, OptionalInt.of(4)));
        assertThat(s.count(EntryState.SUCCEEDED)).isEqualTo(9);

        // a resume starts the attempt again: its summaries say every task is done, so nothing runs
        two.start(run, a, Backend.Progress.NONE);
        for (String stem : AttemptResults.stems(a)) {
            assertThat(a.results(stem)).as("nothing ran again").isEmptyFile();
        }
    }

    @Test
    void theEntriesOfATaskThatHasNotBegunShareOneStatusAndAreCountedAndListedAsEach() throws IOException {
        RunDir run = run();
        AttemptDir a = run.latestAttempt();
        Files.writeString(a.results(0), "B 1 10.0 n1 7\nE 1 0 11.0\nB 2 11.0 n1 7\n");
        LiveView gone = (attempt, task, begin) -> new LiveView.TaskView(begin.isPresent() ? EntryState.RUNNING : EntryState.LOST,
                begin.isPresent() ? "" : "task " + task + " left the queue without a record");

        RunStatus s = StatusReader.read(run, gone);
        assertThat(s.counts()).containsOnly(entry(EntryState.SUCCEEDED, 1), entry(EntryState.RUNNING, 1),
                entry(EntryState.LOST, 7));
        assertThat(s.failures()).extracting(EntryStatus::entry).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(s.entry(3).detail()).isEqualTo("task 0 left the queue without a record");
        assertThat(s.entry(8)).satisfies(e -> {
            assertThat(e.state()).isEqualTo(EntryState.LOST);
            assertThat(e.attempt()).isEqualTo(a.number());
            assertThat(e.task()).isEqualTo(2);
            assertThat(e.detail()).isEqualTo("task 2 left the queue without a record");
            assertThat(e.start()).isEmpty();
        });
        assertThat(s.entries()).extracting(EntryStatus::entry).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(s.finished()).isFalse();
    }

    /** Every entry as its records give it; a summarized success carries its task's span, not its own times. */
    private static void assertSameAsRecords(RunStatus s, RunStatus full) {
        assertThat(s.size()).isEqualTo(full.size());
        for (int i = 1; i <= s.size(); i++) {
            EntryStatus got = s.entry(i);
            EntryStatus want = full.entry(i);
            if (want.state() == EntryState.SUCCEEDED && !got.equals(want)) {
                got = new EntryStatus(got.entry(), got.attempt(), got.task(), got.stem(), got.state(), got.exitCode(),
                        want.start(), want.end(), got.host(), got.detail(), want.cpuSeconds());
                assertThat(s.entry(i).start().getAsDouble()).as("entry %d begins no earlier than its task", i)
                        .isLessThanOrEqualTo(want.start().getAsDouble());
                assertThat(s.entry(i).end().getAsDouble()).isGreaterThanOrEqualTo(want.end().getAsDouble());
            }
            assertThat(got).as("entry %d", i).isEqualTo(want);
        }
    }
}
