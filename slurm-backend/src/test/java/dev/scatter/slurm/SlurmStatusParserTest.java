package dev.scatter.slurm;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** squeue and sacct output as captured from SLURM 22.05.8, and the verdicts drawn from it. */
class SlurmStatusParserTest {

    /** "arrayId_index" → state, in the order SLURM printed them. */
    private static Map<String, TaskInfo> tasks(Query q) {
        assertThat(q).isInstanceOf(Query.Answer.class);
        Map<String, TaskInfo> out = new LinkedHashMap<>();
        ((Query.Answer) q).tasks().forEach(t -> out.put(t.arrayId() + "_" + t.index(), t));
        return out;
    }

    private static Map<String, EntryState> states(Query q) {
        Map<String, EntryState> out = new LinkedHashMap<>();
        tasks(q).forEach((k, v) -> out.put(k, v.state()));
        return out;
    }

    private static Query squeue(String fixture) {
        Fixture f = Fixture.slurm(fixture);
        return SlurmStatusParser.squeue(f.result(), f.format());
    }

    private static Query sacct(String fixture) {
        Fixture f = Fixture.slurm(fixture);
        String cmd = f.cmd();
        String format = cmd.substring(cmd.indexOf(" -o ") + 4).strip();
        return SlurmStatusParser.sacct(f.result(), format);
    }

    private static CommandResult result(int exit, String stdout, String stderr) {
        return new CommandResult(Command.of(Path.of("/tmp"), "squeue"), exit, stdout, stderr);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PENDING, QUEUED", "CONFIGURING, QUEUED", "REQUEUED, QUEUED", "RUNNING, RUNNING", "COMPLETING, RUNNING",
            "SUSPENDED, RUNNING", "COMPLETED, SUCCEEDED", "FAILED, FAILED", "TIMEOUT, TIMEOUT", "DEADLINE, TIMEOUT",
            "OUT_OF_MEMORY, OUT_OF_MEMORY", "CANCELLED, CANCELLED", "'CANCELLED by 1000', CANCELLED", "CANCELLED+, CANCELLED",
            "NODE_FAIL, LOST", "BOOT_FAIL, LOST", "PREEMPTED, LOST", "SOMETHING_NEW, UNKNOWN", "'', UNKNOWN"})
    @DisplayName("maps SLURM's state names to neutral states, unknown ones to UNKNOWN")
    void mapsStateNames(String nativeState, EntryState expected) {
        assertThat(SlurmStatusParser.state(nativeState)).isEqualTo(expected);
    }

    @Test
    void shouldReadEveryTaskOfARunningThrottledArrayUnderTheArrayIdNotTheTasksOwnId() {
        Map<String, TaskInfo> t = tasks(squeue("squeue_r_t_all_states_running"));
        assertThat(states(squeue("squeue_r_t_all_states_running"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "39_0", SUCCEEDED, "39_1", FAILED, "39_2", FAILED, "39_3", FAILED, "39_4", RUNNING,
                "39_5", QUEUED, "39_6", QUEUED, "39_7", QUEUED, "39_8", QUEUED, "39_9", QUEUED));
        assertThat(t.get("39_4").taskJobId()).isEqualTo("44");   // %A differs per task (trap 9)
        assertThat(t.get("39_7").reason()).isEqualTo("JobArrayTaskLimit");
        assertThat(t.get("39_7").detail()).isEqualTo("held back by --max-running (the array's %N limit) (JobArrayTaskLimit)");
        assertThat(t.get("39_7").neverRuns()).isFalse();
    }

    @Test
    void shouldReadTheEndStatesOfAFinishedArray() {
        assertThat(states(squeue("squeue_r_t_all_states_done"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "39_0", SUCCEEDED, "39_1", FAILED, "39_2", FAILED, "39_3", FAILED, "39_4", TIMEOUT,
                "39_5", CANCELLED, "39_6", CANCELLED, "39_7", CANCELLED, "39_8", CANCELLED, "39_9", CANCELLED));
    }

    @Test
    void shouldExpandACollapsedRecordFromItsArrayIndexField() {
        // 21_[3-9%3] with %K = 3-9%3 (no -r)
        Map<String, EntryState> s = states(squeue("squeue_fmt_throttled_array"));
        assertThat(s).containsOnlyKeys("21_0", "21_1", "21_2", "21_3", "21_4", "21_5", "21_6", "21_7", "21_8", "21_9");
        assertThat(s.get("21_9")).isEqualTo(QUEUED);
        assertThat(tasks(squeue("squeue_fmt_throttled_array")).get("21_5").name()).isEqualTo("thr");
    }

    @Test
    void shouldExpandACollapsedListAndARangeFromTheJobIdWhenNoArrayFieldsWereAskedFor() {
        assertThat(states(squeue("squeue_t_all_after_partial_cancel"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "21_1", CANCELLED, "21_4", QUEUED, "21_7", QUEUED, "21_9", QUEUED,
                "21_3", RUNNING, "21_2", RUNNING, "21_0", RUNNING));
        assertThat(states(squeue("squeue_t_all_states_done"))).containsKeys("39_7", "39_8", "39_9");
        assertThat(tasks(squeue("squeue_t_all_states_done")).get("39_4").end()).isPresent();
    }

    @Test
    void shouldExpandAListWithStepsAndHeldTasks() {
        Map<String, TaskInfo> t = tasks(squeue("squeue_r_list_step_array"));
        assertThat(t).containsOnlyKeys("18_1", "18_3", "18_5", "18_6", "18_7", "18_20", "18_30", "18_40");
        assertThat(t.get("18_30").detail()).isEqualTo("held by you: scontrol release <job id> (JobHeldUser)");
    }

    @Test
    void shouldTellRequestsThatCanNeverStartFromOnesThatWait() {
        Map<String, TaskInfo> t = tasks(squeue("squeue_unrunnable_reasons"));
        assertThat(t.get("14_0").neverRuns()).as("PartitionConfig").isTrue();
        assertThat(t.get("15_0").neverRuns()).as("PartitionTimeLimit").isTrue();
        assertThat(t.get("16_0").neverRuns()).as("PartitionNodeLimit").isTrue();
        assertThat(t.get("15_0").detail()).startsWith("-t is above the partition's time limit");
        assertThat(t.get("17_1000").neverRuns()).as("JobHeldUser").isFalse();
    }

    @Test
    void shouldTreatAnUnknownOrPurgedSingleIdAsAnEmptyListing() {
        // exit 1 "Invalid job id specified" (traps 5 and 6)
        assertThat(tasks(squeue("squeue_unknown_id_h_fmt"))).isEmpty();
        assertThat(tasks(squeue("minjobage10_squeue_after_purge"))).isEmpty();
        assertThat(tasks(squeue("squeue_unknown_ids_list"))).isEmpty();
    }

    @Test
    void shouldReportOtherSqueueErrorsAsFailuresAndControllerTroubleAsTransient() {
        Fixture bad = Fixture.slurm("squeue_bad_state");
        assertThat(SlurmStatusParser.squeue(bad.result())).isInstanceOf(Query.Failed.class);
        assertThat(SlurmStatusParser.squeue(result(1, "",
                "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n"))).isInstanceOf(Query.Transient.class);
        assertThat(SlurmStatusParser.squeue(result(1, "", "slurm_load_jobs error: Socket timed out on send/recv operation\n")))
                .isInstanceOf(Query.Transient.class);
    }

    @Test
    void shouldKeepAnUnknownStateWithItsRawTextInsteadOfFailing() {
        TaskInfo t = tasks(SlurmStatusParser.squeue(result(0, "39|4|44|FROBNICATED|None|N/A|sc-1-1-0-abc\nnot a line\n", "")))
                .get("39_4");
        assertThat(t.state()).isEqualTo(UNKNOWN);
        assertThat(t.nativeState()).isEqualTo("FROBNICATED");
        assertThat(t.detail()).isEqualTo("FROBNICATED");
    }

    @Test
    void shouldReadOurOwnFormatWithTheNameLast() {
        Map<String, TaskInfo> t = tasks(SlurmStatusParser.squeue(result(0,
                "2501|0|2502|COMPLETED|None|2026-11-25T12:01:30|sc-x-1-0-abc\n"
                        + "2501|4|2501|PENDING|JobArrayTaskLimit|N/A|sc-x-1-0-abc\n", "")));
        assertThat(t.get("2501_0").end()).isPresent();
        assertThat(t.get("2501_4").end()).isEmpty();
        assertThat(t.get("2501_4").name()).isEqualTo("sc-x-1-0-abc");
    }

    @Test
    void shouldLetPerTaskAccountingLinesOverrideTheStaleRemainderRecord() {
        Map<String, TaskInfo> t = tasks(sacct("sacct_X_states_done"));
        assertThat(states(sacct("sacct_X_states_done"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "39_0", SUCCEEDED, "39_1", FAILED, "39_2", FAILED, "39_3", FAILED, "39_4", TIMEOUT,
                "39_5", CANCELLED, "39_6", CANCELLED, "39_7", CANCELLED, "39_8", CANCELLED, "39_9", CANCELLED));
        assertThat(t.get("39_6").taskJobId()).as("39_6 ran as job 46, not as the remainder 39").isEqualTo("46");
        assertThat(t.get("39_2").exitCode()).isEqualTo("0:9");
        assertThat(t.get("39_2").signal()).isEqualTo(9);
        assertThat(t.get("39_1").exitStatus()).isEqualTo(3);
        assertThat(t.get("39_5").nativeState()).isEqualTo("CANCELLED by 1000");
        assertThat(t.get("39_1").detail()).as("a finished task's stale reason is not shown").isEmpty();
    }

    @Test
    void shouldReadPendingRemaindersAndRunningTasksFromAccounting() {
        assertThat(states(sacct("sacct_X_states_running"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "39_0", SUCCEEDED, "39_1", FAILED, "39_2", FAILED, "39_3", FAILED, "39_4", RUNNING,
                "39_5", QUEUED, "39_6", QUEUED, "39_7", QUEUED, "39_8", QUEUED, "39_9", QUEUED));
    }

    @Test
    void shouldNotInventTasksCancelledWhilePendingThatAccountingForgot() {
        // trap 7: 21_5, 21_6 and 21_8 vanish without a trace
        assertThat(states(sacct("sacct_X_finished_throttled_array"))).containsOnlyKeys("21_0", "21_1", "21_2", "21_3",
                "21_4", "21_7", "21_9");
    }

    @Test
    void shouldSkipStepsAndHeaderLines() {
        assertThat(states(sacct("sacct_steps_states_done"))).hasSize(10);
        assertThat(tasks(sacct("sacct_lag_just_submitted"))).as("only the header: accounting lags (trap 3)").isEmpty();
        assertThat(tasks(sacct("sacct_unknown_id"))).isEmpty();
        assertThat(states(sacct("minjobage10_sacct_after_purge"))).containsOnlyKeys("1_0", "1_1", "1_2");
    }

    @Test
    void shouldReportDisabledAccountingAsUnavailableAndDatabaseTroubleAsTransient() {
        assertThat(SlurmStatusParser.sacct(result(1, "", "sacct: error: Slurm accounting storage is disabled\n")))
                .isInstanceOf(Query.Unavailable.class);
        assertThat(SlurmStatusParser.sacct(result(1, "", "sacct: error: slurm_persist_conn_open_without_init: failed to open"
                + " persistent connection to host:localhost:6819: Connection refused\n"))).isInstanceOf(Query.Transient.class);
    }

    // ---------------------------------------------------------------- verdicts

    private static final Resources LIMITS = Resources.defaults().withMemory(MemorySize.parse("100M", "--mem"))
            .withTime(TimeLimit.parse("1", "-t"));

    private static final SlurmScheduler SLURM = new SlurmScheduler();
    private static final VerdictPolicy VERDICTS = new VerdictPolicy(SLURM.killNotices(), SLURM.withoutHistory());

    /** What core's verdict policy makes of a task, with SLURM's state table and kill notices. */
    private static Verdict explain(TaskInfo t, Resources r, String log) {
        return VERDICTS.ended(SLURM.end(t), r, log);
    }

    private static Verdict explain(String task, String logFixture) {
        TaskInfo t = tasks(sacct("sacct_X_states_done")).get(task);
        return explain(t, LIMITS, logFixture == null ? "" : Fixture.slurm(logFixture).stdout());
    }

    @Test
    void shouldCallAFailedZeroNineTaskWithSlurmstepdsMemoryLineOutOfMemory() {
        Verdict v = explain("39_2", "task_output_memkill");
        assertThat(v.state()).isEqualTo(OUT_OF_MEMORY);
        assertThat(v.detail()).isEqualTo("memory limit 100M exceeded (FAILED 0:9): slurmstepd-c1: error: StepId=42.batch"
                + " exceeded memory limit (325783552 > 104857600), being killed");
    }

    @Test
    void shouldNotCallAKillNineWithoutThatLineOutOfMemory() {
        Verdict v = explain("39_3", "task_output_kill9");
        assertThat(v.state()).isEqualTo(LOST);
        assertThat(v.detail()).startsWith("its task ended before recording a result for it (FAILED 0:9)");
    }

    @Test
    void shouldNameTheTimeLimitOfATimeout() {
        assertThat(explain("39_4", "task_output_timeout")).isEqualTo(new Verdict(TIMEOUT, "time limit 00:01:00 exceeded (TIMEOUT)"));
    }

    @Test
    void shouldSayWhoCancelled() {
        assertThat(explain("39_5", null)).isEqualTo(new Verdict(CANCELLED, "cancelled (CANCELLED by 1000)"));
    }

    @Test
    void shouldCallNodeFailuresAndPreemptionLostAndCgroupKillsOutOfMemory() {
        TaskInfo nodeFail = new TaskInfo("7", 0, LOST, "NODE_FAIL", "", SlurmStatusParser.words("NODE_FAIL"), false, "0:0", "8", "x", Optional.empty());
        assertThat(explain(nodeFail, LIMITS, "").detail()).isEqualTo("its node failed (NODE_FAIL)");
        TaskInfo preempted = new TaskInfo("7", 0, LOST, "PREEMPTED", "", SlurmStatusParser.words("PREEMPTED"), false, "0:0", "8", "x", Optional.empty());
        assertThat(explain(preempted, LIMITS, "").detail()).startsWith("preempted");
        TaskInfo oom = new TaskInfo("7", 0, OUT_OF_MEMORY, "OUT_OF_MEMORY", "", "", false, "0:125", "8", "x", Optional.empty());
        assertThat(explain(oom, LIMITS, "")).isEqualTo(new Verdict(OUT_OF_MEMORY,
                "memory limit 100M exceeded (OUT_OF_MEMORY 0:125)"));
    }

    @Test
    void shouldQuoteTheWrappersOwnMessageWhenItCouldNotStart() {
        TaskInfo t = new TaskInfo("7", 0, FAILED, "FAILED", "NonZeroExitCode", "", false, "96:0", "8", "x", Optional.empty());
        assertThat(explain(t, LIMITS, "scatter: cannot cd to /gone on c1\n").detail())
                .isEqualTo("the scatter wrapper could not start (FAILED 96:0): scatter: cannot cd to /gone on c1");
    }

    @Test
    void shouldReadArrayIndexExpressions() {
        assertThat(SlurmStatusParser.indices("3-9%3")).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(SlurmStatusParser.indices("[1,3,5-7,20-40:10]")).containsExactly(1, 3, 5, 6, 7, 20, 30, 40);
        assertThat(SlurmStatusParser.indices("4")).containsExactly(4);
        assertThat(SlurmStatusParser.indices("garbage")).isEmpty();
        assertThat(SlurmStatusParser.indices("0-1000")).hasSize(1001);
        assertThat(List.of(SlurmStatusParser.time("Unknown"), SlurmStatusParser.time("None"))).allMatch(Optional::isEmpty);
    }
}
