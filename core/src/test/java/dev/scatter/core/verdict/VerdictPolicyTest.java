package dev.scatter.core.verdict;

import static dev.scatter.core.model.EntryState.CANCELLED;
import static dev.scatter.core.model.EntryState.FAILED;
import static dev.scatter.core.model.EntryState.LOST;
import static dev.scatter.core.model.EntryState.OUT_OF_MEMORY;
import static dev.scatter.core.model.EntryState.SUCCEEDED;
import static dev.scatter.core.model.EntryState.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.TimeLimit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one verdict policy, on neutral inputs: what every backend's tasks without records become. */
class VerdictPolicyTest {

    private static final Resources LIMITS = Resources.defaults().withMemory(MemorySize.parse("100M", "--mem"))
            .withTime(TimeLimit.parse("1", "-t"));
    private static final VerdictPolicy POLICY = new VerdictPolicy(List.of(
            KillNotice.of("exceeded memory limit", OUT_OF_MEMORY),
            KillNotice.of("job killed: cput", TIMEOUT, "cpu time limit")), "nothing kept it (say how to keep it)");

    @Test
    void aKillNoticeInTheTasksOutputDecidesAndIsQuoted() {
        Verdict v = POLICY.ended(new TaskEnd(FAILED, "", " (FAILED 0:9)", 0), LIMITS,
                "starting\nslurmstepd: error: exceeded memory limit (325783552 > 104857600)\nbye\n");
        assertThat(v).isEqualTo(new Verdict(OUT_OF_MEMORY,
                "memory limit 100M exceeded (FAILED 0:9): slurmstepd: error: exceeded memory limit (325783552 > 104857600)"));
    }

    @Test
    void aNoticeNamesItsOwnLimitWhenItIsNotTheTasksTimeOrMemory() {
        Verdict v = POLICY.ended(new TaskEnd(TIMEOUT, "", "", 0), LIMITS, "=>> PBS: job killed: cput 61 exceeded limit 60\n");
        assertThat(v.detail()).isEqualTo("cpu time limit exceeded: =>> PBS: job killed: cput 61 exceeded limit 60");
    }

    @Test
    void aLimitTheSchedulerReportsNamesTheLimitTheCodeAndTheWords() {
        assertThat(POLICY.ended(new TaskEnd(TIMEOUT, "", " (TIMEOUT)", 0), LIMITS, "").detail())
                .isEqualTo("time limit 00:01:00 exceeded (TIMEOUT)");
        assertThat(POLICY.ended(new TaskEnd(TIMEOUT, "killed by PBS over its walltime", " (Exit_status -29)", 0),
                Resources.defaults(), "").detail())
                .isEqualTo("the default time limit exceeded (Exit_status -29): killed by PBS over its walltime");
    }

    @Test
    void aTaskThatEndedOnItsOwnWithoutItsRecordsIsLostWithItsLastLine() {
        assertThat(POLICY.ended(new TaskEnd(SUCCEEDED, "", " (COMPLETED)", 0), LIMITS, "a\nlast words\n"))
                .isEqualTo(new Verdict(LOST, "its task ended without recording a result for it (COMPLETED): last words"));
        assertThat(POLICY.ended(new TaskEnd(SUCCEEDED, "PBS kept no exit status", "", 0), LIMITS, "").detail())
                .isEqualTo("its task ended without recording a result for it (PBS kept no exit status)");
        assertThat(POLICY.ended(new TaskEnd(FAILED, "killed by signal 9", " (Exit_status 265)", 265), LIMITS, "Killed\n").detail())
                .isEqualTo("its task ended before recording a result for it: killed by signal 9 (Exit_status 265): Killed");
    }

    @ParameterizedTest(name = "exit {0}")
    @ValueSource(ints = {96, 97, 98})
    void theWrappersOwnExitCodesMeanItCouldNotStart(int exit) {
        assertThat(POLICY.ended(new TaskEnd(FAILED, "", " (FAILED " + exit + ":0)", exit), LIMITS, "scatter: cannot cd to /gone\n"))
                .isEqualTo(new Verdict(LOST, "the scatter wrapper could not start (FAILED " + exit + ":0): scatter: cannot cd to /gone"));
        assertThat(VerdictPolicy.taskDied(exit).detail()).isEqualTo("the scatter wrapper could not start (exit status " + exit + ")");
    }

    @Test
    void exitNinetyFourMeansTheWrapperCouldNotWriteItsRecords() {
        assertThat(POLICY.ended(new TaskEnd(FAILED, "", " (FAILED 94:0)", 94), LIMITS,
                "scatter: cannot write /r/tasks/3.res on c1: stopping (exit 94)\n"))
                .isEqualTo(new Verdict(LOST, "the scatter wrapper could not write its records (FAILED 94:0): "
                        + "scatter: cannot write /r/tasks/3.res on c1: stopping (exit 94)"));
        assertThat(VerdictPolicy.taskDied(94).detail()).isEqualTo("the scatter wrapper could not write its records (exit status 94)");
    }

    @Test
    void cancelledAndLostTasksKeepTheSchedulersWords() {
        assertThat(POLICY.ended(new TaskEnd(CANCELLED, "deleted with qdel", " (Exit_status 271)", 271), LIMITS, "").detail())
                .isEqualTo("cancelled: deleted with qdel (Exit_status 271)");
        assertThat(POLICY.ended(new TaskEnd(LOST, "its node failed", " (NODE_FAIL)", 0), LIMITS, "").detail())
                .isEqualTo("its node failed (NODE_FAIL)");
    }

    @Test
    void aVanishedTaskIsJudgedByItsOutputAloneAndOnlyAMemoryNoticeIsAMemoryKill() {
        assertThat(POLICY.vanished(LIMITS, "x exceeded memory limit y\n").state()).isEqualTo(OUT_OF_MEMORY);
        assertThat(POLICY.vanished(LIMITS, "done\n"))
                .isEqualTo(new Verdict(LOST, "its task left the queue without a result, and nothing kept it (say how to keep it): done"));
        assertThat(POLICY.memoryKill(LIMITS, "job killed: cput 9")).isEmpty();
        assertThat(POLICY.memoryKill(LIMITS, "exceeded memory limit")).map(Verdict::state).hasValue(OUT_OF_MEMORY);
    }

    @Test
    void theLocalMachinesOwnLimitsAndDeathsUseTheSameWords() {
        assertThat(VerdictPolicy.overLimit(TIMEOUT, LIMITS)).isEqualTo(new Verdict(TIMEOUT, "time limit 00:01:00 exceeded"));
        assertThat(VerdictPolicy.overLimit(OUT_OF_MEMORY, LIMITS)).isEqualTo(new Verdict(OUT_OF_MEMORY, "memory limit 100M exceeded"));
        assertThat(VerdictPolicy.taskDied(137)).isEqualTo(new Verdict(LOST, "the task's shell died (exit status 137)"));
    }
}
