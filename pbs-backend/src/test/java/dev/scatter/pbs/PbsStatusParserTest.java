package dev.scatter.pbs;

import static dev.scatter.core.model.EntryState.CANCELLED;
import static dev.scatter.core.model.EntryState.FAILED;
import static dev.scatter.core.model.EntryState.LOST;
import static dev.scatter.core.model.EntryState.OUT_OF_MEMORY;
import static dev.scatter.core.model.EntryState.QUEUED;
import static dev.scatter.core.model.EntryState.RUNNING;
import static dev.scatter.core.model.EntryState.SUCCEEDED;
import static dev.scatter.core.model.EntryState.TIMEOUT;
import static dev.scatter.core.model.EntryState.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.grid.Query;
import dev.scatter.core.grid.TaskInfo;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.TimeLimit;
import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.verdict.Verdict;
import dev.scatter.core.verdict.VerdictPolicy;
import dev.scatter.fixtures.Fixture;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** PBS Pro's qstat -f -F json, as captured from OpenPBS 23.06.06, into tasks; and why tasks died. */
class PbsStatusParserTest {

    private final PbsStatusParser parser = new PbsStatusParser("pbs-pro");

    private List<TaskInfo> tasks(String fixture) {
        Query q = parser.query(Fixture.pbs(fixture).result(), false);
        assertThat(q).as(fixture).isInstanceOf(Query.Answer.class);
        return ((Query.Answer) q).tasks();
    }

    private static Map<Integer, TaskInfo> byIndex(List<TaskInfo> tasks) {
        return tasks.stream().collect(Collectors.toMap(TaskInfo::index, Function.identity()));
    }

    private static CommandResult result(int exit, String stdout, String stderr) {
        return new CommandResult(Command.of(Path.of("/tmp"), "qstat", "-f", "-F", "json", "-t"), exit, stdout, stderr);
    }

    @Test
    void shouldReadEachSubjobOfARunningArrayAndSkipItsParent() {
        // 10[]: 0 exit 0, 1 exit 3, 2 kill -9 $$, 3 running, 4-5 queued behind %1 (history on)
        Map<Integer, TaskInfo> t = byIndex(tasks("qstat_fjson_t_states_running"));
        assertThat(t).containsOnlyKeys(0, 1, 2, 3, 4, 5);
        assertThat(t.values()).allMatch(x -> x.arrayId().equals("10[].pbshost"));
        assertThat(t.get(0).state()).isEqualTo(SUCCEEDED);
        assertThat(t.get(0).exitCode()).isEqualTo("0");
        assertThat(t.get(1).state()).isEqualTo(FAILED);
        assertThat(t.get(1).exitCode()).isEqualTo("3");
        assertThat(t.get(1).exitStatus()).isEqualTo(3);
        assertThat(t.get(2).state()).isEqualTo(FAILED);
        assertThat(t.get(2).detail()).isEqualTo("its job shell died of signal 9");
        assertThat(t.get(3).state()).isEqualTo(RUNNING);
        assertThat(t.get(3).taskJobId()).isEqualTo("10[3].pbshost");
        assertThat(t.get(4).state()).isEqualTo(QUEUED);
        assertThat(t.get(4).detail()).isEqualTo("held back by --max-running (the array's %1 limit)");
        assertThat(t.get(5).name()).isEqualTo("states");
        assertThat(t.get(0).end()).hasValue(LocalDateTime.of(2026, 11, 25, 10, 29, 5).atZone(ZoneId.systemDefault()).toInstant());
    }

    @Test
    void shouldNotTrustTheExitStatusOfFinishedSubjobsWhenHistoryIsOff() {
        // every X subjob shows Exit_status 1, "Subjob finished", whatever it did (trap PBS 5)
        Map<Integer, TaskInfo> t = byIndex(tasks("nohist_qstat_fjson_t_states_running"));
        for (int i = 0; i <= 2; i++) {
            assertThat(t.get(i).state()).as("subjob " + i).isEqualTo(SUCCEEDED);
            assertThat(t.get(i).exitCode()).as("no exit status of its own").isEmpty();
            assertThat(t.get(i).detail()).isEqualTo("PBS kept no exit status for it: Subjob finished");
        }
        assertThat(t.get(3).state()).isEqualTo(RUNNING);
        assertThat(t.get(5).detail()).contains("--max-running");
    }

    @Test
    void shouldReadDeletedSubjobsAsCancelledAndATerminatedRunningOneToo() {
        // 9[]: qdel of queued 5, running 0, range 6-7; 1 and 2 run; the rest wait behind %2
        Map<Integer, TaskInfo> t = byIndex(tasks("qstat_fjson_t_after_subjob_qdel"));
        assertThat(t.get(0).state()).isEqualTo(CANCELLED);
        assertThat(t.get(0).exitCode()).isEqualTo("271");
        assertThat(t.get(5).state()).as("deleted while queued: no exit status of its own").isEqualTo(SUCCEEDED);
        assertThat(t.get(5).exitCode()).isEmpty();
        assertThat(t.get(1).state()).isEqualTo(RUNNING);
        assertThat(t.get(3).state()).isEqualTo(QUEUED);
        assertThat(t.get(3).detail()).isEqualTo("held back by --max-running (the array's %2 limit)");
    }

    @Test
    void shouldReadTheFinishedArrayFromHistory() {
        Map<Integer, TaskInfo> t = byIndex(tasks("qstat_fjson_xt_states_done"));
        assertThat(t.get(0).state()).isEqualTo(SUCCEEDED);
        assertThat(t.get(1).state()).isEqualTo(FAILED);
        assertThat(t.get(2).exitCode()).isEqualTo("137");
        assertThat(t.get(3).state()).as("qdel while running: substate 91").isEqualTo(CANCELLED);
        assertThat(t.get(4).state()).as("qdel while queued: Exit_status copied from the parent (trap PBS 6)").isEqualTo(SUCCEEDED);
        assertThat(t.get(4).exitCode()).isEmpty();
        assertThat(t.get(5).state()).isEqualTo(SUCCEEDED);
        assertThat(t.get(5).exitCode()).isEqualTo("0");
    }

    @Test
    void shouldReadExitStatusMinus29AsTimeout() {
        Map<Integer, TaskInfo> t = byIndex(tasks("qstat_fjson_xt_walltime_done"));
        assertThat(t.values()).extracting(TaskInfo::state).containsOnly(TIMEOUT);
        assertThat(t.get(0).exitCode()).isEqualTo("-29");
        assertThat(t.get(0).detail()).isEqualTo("killed by PBS over its walltime");
    }

    @Test
    void shouldReadEverySubjobOfADeletedArrayAsCancelledEvenRewrittenOnes() {
        // after qdel '9[]' the subjobs show Exit_status 1 and "Subjob finished" (trap PBS 8), substate 91
        assertThat(tasks("qstat_fjson_xt_deleted_array")).hasSize(10).extracting(TaskInfo::state).containsOnly(CANCELLED);
    }

    @Test
    void shouldReadPlainJobsAsIndexZeroOfThemselves() {
        Map<String, TaskInfo> t = tasks("qstat_fjson_x_plain_finished").stream()
                .collect(Collectors.toMap(TaskInfo::arrayId, Function.identity()));
        assertThat(t).containsOnlyKeys("12.pbshost", "13.pbshost", "14.pbshost");
        assertThat(t.get("12.pbshost").state()).isEqualTo(TIMEOUT);
        assertThat(t.get("13.pbshost").state()).isEqualTo(FAILED);
        assertThat(t.get("14.pbshost").state()).isEqualTo(FAILED);
        assertThat(t.get("14.pbshost").detail()).isEqualTo("killed by signal 9");
        assertThat(t.values()).extracting(TaskInfo::index).containsOnly(0);
    }

    @Test
    void shouldReportAJobThatCanNeverRunInPbssOwnWords() {
        TaskInfo t = tasks("qstat_fjson_never_run").get(0);
        assertThat(t.state()).isEqualTo(QUEUED);
        assertThat(t.neverRuns()).isTrue();
        assertThat(t.detail()).isEqualTo("Can Never Run: Insufficient amount of resource: ncpus (R: 64 A: 8 T: 8)");
        assertThat(tasks("qstat_fjson_x_deleted_queued_plain").get(0).state()).isEqualTo(CANCELLED);
    }

    @Test
    void shouldReadTheWholeServerHistoryWithoutAnOperand() {
        List<TaskInfo> all = tasks("qstat_fjson_xt_all");
        assertThat(all).noneMatch(t -> t.taskJobId().contains("[]"));
        assertThat(all).filteredOn(t -> t.arrayId().equals("17[].pbshost")).extracting(TaskInfo::index).containsExactly(0, 1, 2);
        assertThat(all).filteredOn(t -> t.arrayId().equals("4.pbshost")).extracting(TaskInfo::exitCode).containsExactly("5");
        assertThat(all).noneMatch(t -> t.state() == UNKNOWN);
    }

    @Test
    void shouldAnswerNothingForJobsThatAreUnknownOrFinished() {
        // exit 153 "Unknown Job Id" and 35 "Job has finished": JSON without "Jobs", no final newline (trap PBS 10)
        for (String f : List.of("qstat_fjson_unknown", "qstat_fjson_finished_no_x", "qstat_fjson_states_done_no_x",
                "nohist_qstat_fjson_t_states_done")) {
            assertThat(tasks(f)).as(f).isEmpty();
        }
    }

    @Test
    void shouldCallHistoryUnavailableWhenTheServerKeepsNone() {
        // -x with history off: nothing on stdout, exit 0, a complaint on stderr (trap PBS 5)
        Query q = parser.query(Fixture.pbs("nohist_qstat_fjson_xt_states_running").result(), true);
        assertThat(q).isInstanceOf(Query.Unavailable.class);
        assertThat(((Query.Unavailable) q).message()).contains("not configured to maintain job history");
    }

    @Test
    void shouldFindTheFullJobNameInTheVariableList() {
        String edited = Fixture.pbs("qstat_fjson_never_run").stdout()
                .replace("\"PBS_O_HOST\":\"pbshost\"", "\"PBS_O_HOST\":\"pbshost\",\n\"SCATTER_JOB_NAME\":\"sc-1234-1-0-9f2c1a\"");
        Query q = parser.query(Fixture.pbs("qstat_fjson_never_run").withStdout(edited), false);
        assertThat(((Query.Answer) q).tasks().get(0).name()).isEqualTo("sc-1234-1-0-9f2c1a");
    }

    @Test
    void shouldMapAnUnknownStateToUnknownWithTheLetter() {
        String edited = Fixture.pbs("qstat_fjson_never_run").stdout().replace("\"job_state\":\"Q\"", "\"job_state\":\"Z\"");
        TaskInfo t = ((Query.Answer) parser.query(Fixture.pbs("qstat_fjson_never_run").withStdout(edited), false)).tasks().get(0);
        assertThat(t.state()).isEqualTo(UNKNOWN);
        assertThat(t.nativeState()).isEqualTo("Z");
    }

    @Test
    void shouldReadAVariableListThatIsNotQuiteJson() {
        // a backslash PBS did not escape must not hide the run
        String edited = Fixture.pbs("qstat_fjson_never_run").stdout().replace("\"PBS_O_SHELL\":\"/bin/bash\"",
                "\"PS1\":\"\\w\\$ \",\"PBS_O_SHELL\":\"/bin/bash\"");
        assertThat(parser.query(Fixture.pbs("qstat_fjson_never_run").withStdout(edited), false)).isInstanceOf(Query.Answer.class);
    }

    @Test
    void shouldCallConnectionTroubleTransientAndOtherFailuresFailedWithTheCommand() {
        Query t = parser.query(result(162, "", "Connection refused\nqstat: cannot connect to server pbshost (errno=15010)\n"), false);
        assertThat(t).isInstanceOf(Query.Transient.class);
        Query f = parser.query(result(1, "", "qstat: illegally formed job identifier: abc[x\n"), false);
        assertThat(f).isInstanceOf(Query.Failed.class);
        assertThat(((Query.Failed) f).message()).startsWith("[pbs-pro] qstat failed\n- command     : qstat -f -F json -t\n- exit status : 1");
        Query garbage = parser.query(result(0, "Job Id: 1.pbshost\n    job_state = R\n", ""), false);
        assertThat(((Query.Failed) garbage).message()).contains("not JSON").contains("it begins: 'Job Id: 1.pbshost'");
    }

    // ---------------------------------------------------------------- verdicts

    private static final Resources FIVE_SECONDS = Resources.defaults().withTime(TimeLimit.parse("5s", "-t"))
            .withMemory(MemorySize.parse("100M", "--mem"));
    private static final String WALLTIME_NOTICE = Fixture.pbs("cat_walltime_stderr").stdout();

    private static final PbsProScheduler PBS = new PbsProScheduler();
    /** Core's verdict policy with PBS's state tables and kill notices. */
    private static final VerdictPolicy VERDICTS = new VerdictPolicy(PBS.killNotices(), PBS.withoutHistory());

    private static Verdict explain(TaskInfo t, Resources r, String log) {
        return VERDICTS.ended(PBS.end(t), r, log);
    }

    private Verdict explain(String fixture, int index, String log) {
        TaskInfo t = byIndex(tasks(fixture)).get(index);
        return explain(t, FIVE_SECONDS, log);
    }

    @Test
    void shouldExplainAWalltimeKillWithTheLimitAndPbssNotice() {
        Verdict plain = explain("qstat_fjson_xt_walltime_done", 0, "");
        assertThat(plain.state()).isEqualTo(TIMEOUT);
        assertThat(plain.detail()).isEqualTo("time limit 00:00:05 exceeded (Exit_status -29): killed by PBS over its walltime");
        Verdict quoted = explain("qstat_fjson_xt_walltime_done", 0, WALLTIME_NOTICE);
        assertThat(quoted.detail()).isEqualTo("time limit 00:00:05 exceeded (Exit_status -29): =>> PBS: job killed: walltime 10 exceeded limit 5");
    }

    @Test
    void shouldTellATimeoutFromPbssNoticeWhenHistoryKeptNoExitStatus() {
        Verdict v = explain("nohist_qstat_fjson_t_states_running", 0, WALLTIME_NOTICE);
        assertThat(v.state()).isEqualTo(TIMEOUT);
        Verdict lost = explain("nohist_qstat_fjson_t_states_running", 0, "");
        assertThat(lost.state()).isEqualTo(LOST);
        assertThat(lost.detail()).isEqualTo("its task ended without recording a result for it (PBS kept no exit status for it:"
                + " Subjob finished)");
    }

    @Test
    void shouldExplainCancelledAndKilledTasks() {
        assertThat(explain("qstat_fjson_xt_states_done", 3, "").detail()).isEqualTo("cancelled: deleted with qdel (Exit_status 271)");
        Verdict killed = explain(tasks("qstat_fjson_x_plain_finished").get(0), FIVE_SECONDS, "");
        assertThat(killed.state()).isEqualTo(TIMEOUT);
        Verdict k9 = explain(tasks("qstat_fjson_x_plain_finished").get(2), FIVE_SECONDS, "Killed\n");
        assertThat(k9.state()).isEqualTo(LOST);
        assertThat(k9.detail()).isEqualTo("its task ended before recording a result for it: killed by signal 9 (Exit_status 265): Killed");
    }

    @Test
    void shouldSayTheWrapperCouldNotStartForItsOwnExitCodes() {
        TaskInfo t = new TaskInfo("7.pbshost", 0, FAILED, "F", "", "exit 96", false, "96", "7.pbshost", "n", java.util.Optional.empty());
        Verdict v = explain(t, FIVE_SECONDS, "scatter: cannot cd to /gone on n1\n");
        assertThat(v.detail()).isEqualTo("the scatter wrapper could not start (Exit_status 96): scatter: cannot cd to /gone on n1");
    }

    @Test
    void shouldJudgeAVanishedTaskByItsPbsOutputFile() {
        assertThat(VERDICTS.vanished(FIVE_SECONDS, "started\n" + WALLTIME_NOTICE).state()).isEqualTo(TIMEOUT);
        Verdict memory = VERDICTS.vanished(FIVE_SECONDS, "=>> PBS: job killed: mem 307200kb exceeded limit 102400kb\n");
        assertThat(memory.state()).isEqualTo(OUT_OF_MEMORY);
        assertThat(memory.detail()).isEqualTo("memory limit 100M exceeded: =>> PBS: job killed: mem 307200kb exceeded limit 102400kb");
        Verdict lost = VERDICTS.vanished(FIVE_SECONDS, "");
        assertThat(lost.state()).isEqualTo(LOST);
        assertThat(lost.detail()).contains("job_history_enable=True");
        assertThat(VERDICTS.memoryKill(FIVE_SECONDS, WALLTIME_NOTICE)).isEmpty();
        assertThat(VERDICTS.memoryKill(FIVE_SECONDS, "=>> PBS: job killed: vmem 1kb exceeded limit 0kb").map(Verdict::state))
                .hasValue(EntryState.OUT_OF_MEMORY);
    }
}
