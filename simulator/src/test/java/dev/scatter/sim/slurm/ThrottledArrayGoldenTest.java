package dev.scatter.sim.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Reply;
import dev.scatter.sim.queue.TaskState;
import dev.scatter.sim.testing.Normalize;
import dev.scatter.sim.testing.SimHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Array 21 of the fixtures ({@code sbatch --array=0-9%3 -J thr --wrap='sleep 20'}): three tasks
 * running, seven pending behind the throttle; then a partial cancel. Same job ids as captured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThrottledArrayGoldenTest {

    private SimHarness h;

    @BeforeAll
    void submit() {
        h = SimHarness.slurm(b -> { });
        h.sim().cluster().setNextJobId(21);
        assertThat(h.sh("sbatch --parsable --array=0-9%3 -J thr --wrap='sleep 20'").stdout()).isEqualTo("21\n");
        for (int i = 0; i < 3; i++) {
            h.awaitRunning(21, i);
        }
    }

    @AfterAll
    void stop() {
        h.close();
    }

    private void assertSameTable(String scenario) {
        Fixture f = Fixture.slurm(scenario);
        assertThat(Normalize.times(SlurmGolden.stdoutOf(h, f))).as(scenario).isEqualTo(Normalize.times(f.stdout()));
    }

    @Test
    @Order(1)
    void printsTheDefaultTableWithThePendingTasksCollapsed() {
        assertSameTable("squeue_default_throttled_array");
        assertSameTable("squeue_long_throttled_array");
    }

    @Test
    @Order(1)
    void expandsPendingTasksWithR() {
        assertSameTable("squeue_r_default_throttled_array");
    }

    @Test
    @Order(1)
    void printsPercentFieldsAsSqueueDoes() {
        assertSameTable("squeue_fmt_throttled_array");
        assertSameTable("squeue_j_task_ids");
    }

    @Test
    @Order(1)
    void padsAndCutsDashOFieldsToTwentyCharactersUnlessSizedOrSuffixed() {
        assertSameTable("squeue_O_throttled_array");
        assertSameTable("squeue_O_suffix_throttled_array");
    }

    @Test
    @Order(1)
    void listsEveryRecordOfAnArrayNamedWithJ() {
        Fixture f = Fixture.slurm("squeue_r_t_all_fmt_throttled_array");
        String out = Normalize.durationColumn(SlurmGolden.stdoutOf(h, f), "|", 6);
        String expected = Normalize.durationColumn(f.stdout(), "|", 6);
        // the order of ties within a state is slurmctld-internal: compare the lines and the state grouping
        assertThat(Normalize.sortedLines(out)).isEqualTo(Normalize.sortedLines(expected));
        assertThat(Normalize.columnOrder(out, "|", 4)).isEqualTo(Normalize.columnOrder(expected, "|", 4));
    }

    private String scontrolNormalized(String s) {
        s = h.fixturePaths(s, "/home/slurmxuser");
        s = Normalize.stamps(Normalize.durationAfter(s, "RunTime"));
        s = s.replaceAll("Priority=\\d+", "Priority=P").replaceAll("AllocNode:Sid=slurmx:\\d+", "AllocNode:Sid=slurmx:S");
        return s;
    }

    @Test
    @Order(1)
    void showsJobsInScontrolsKeyValueFormat() {
        for (String scenario : new String[] {"scontrol_show_job_pending_task", "scontrol_show_job_pending_task_multiline",
                "scontrol_show_job_running_task", "scontrol_show_job_array_all"}) {
            Fixture f = Fixture.slurm(scenario);
            assertThat(scontrolNormalized(SlurmGolden.stdoutOf(h, f))).as(scenario).isEqualTo(scontrolNormalized(f.stdout()));
        }
    }

    @Test
    @Order(1)
    void accountsForTheRunningTasksAndThePendingRemainder() {
        Fixture f = Fixture.slurm("sacct_X_running_throttled_array");
        assertThat(Normalize.stamps(SlurmGolden.stdoutOf(h, f))).isEqualTo(Normalize.stamps(f.stdout()));
    }

    @Test
    @Order(2)
    void makesAPendingTaskCancelledAloneVanish() {
        assertThat(h.sh("scancel '21_[5-6]'").exitCode()).isZero();
        assertThat(h.sh("scancel 21_8").stdout()).isEmpty();
        assertThat(h.sh("scancel 21_1").exitCode()).isZero();
        h.awaitState(21, 1, TaskState.CANCELLED, Duration.ofSeconds(10));
        h.awaitRunning(21, 3);
        Fixture f = Fixture.slurm("squeue_t_all_after_partial_cancel");
        String out = SlurmGolden.stdoutOf(h, f);
        assertThat(Normalize.sortedLines(out)).isEqualTo(Normalize.sortedLines(f.stdout()));
        assertThat(Normalize.columnOrder(out, "|", 2)).isEqualTo(Normalize.columnOrder(f.stdout(), "|", 2));
        // trap 7: not in squeue, not in sacct, and scontrol says "not found" on stdout
        Reply scontrol = h.sh("scontrol show job -o 21_5");
        assertThat(scontrol.stdout()).isEqualTo("Job 21_5 not found\n");
        assertThat(scontrol.exitCode()).isEqualTo(1);
        assertThat(h.sh("sacct -P -n -j 21_5 -o JobID,JobIDRaw,State,ExitCode").stdout()).isEmpty();
        assertThat(h.sh("sacct -P -n -X -j 21 -o JobID,State").stdout()).contains("21_1|CANCELLED by 1000\n")
                .doesNotContain("21_5");
    }
}
