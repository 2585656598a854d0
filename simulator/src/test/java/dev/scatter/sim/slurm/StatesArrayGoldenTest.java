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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Array 39 of the fixtures: {@code --array=0-9%1 --time=1 --mem=100M states.sh}: exit 0, exit 3,
 * a memory kill, kill -9, a TIMEOUT, a task cancelled alone while running, then the array
 * cancelled with one task running and three pending. The clock runs 20× so --time=1 takes 3 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatesArrayGoldenTest {

    private SimHarness h;
    private String badFieldWhileRunning;

    @BeforeAll
    void runTheStatesArray() {
        h = SimHarness.slurm(b -> b.clockSpeedup(20).minJobAge(Duration.ofDays(1)));
        h.write("states.sh", SimHarness.SLURM_STATES_SH);
        h.sim().cluster().setNextJobId(39);
        Reply submit = h.run(Fixture.slurm("sbatch_states_array").argv());
        assertThat(submit.stdout()).isEqualTo("39\n");
        h.awaitRunning(39, 4);
        Reply bad = h.run(Fixture.slurm("squeue_O_bad_field").argv());
        badFieldWhileRunning = bad.stdout() + "|" + bad.stderr() + "|" + bad.exitCode();
        h.awaitState(39, 4, TaskState.TIMEOUT, Duration.ofSeconds(20));
        h.awaitRunning(39, 5);
        assertThat(h.sh("scancel 39_5").exitCode()).isZero();
        h.awaitRunning(39, 6);
        assertThat(h.sh("scancel 39").exitCode()).isZero();
        h.awaitJobFinished(39, Duration.ofSeconds(10));
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @Test
    void reportsAnUnknownDashOFieldButPrintsTheOthers() {
        Fixture f = Fixture.slurm("squeue_O_bad_field");
        assertThat(badFieldWhileRunning).isEqualTo(f.stdout() + "|" + f.stderr() + "|" + f.exit());
    }

    @Test
    void showsEveryFinishedStateInSqueueWithTAll() {
        for (String[] c : new String[][] {{"squeue_t_all_states_done", "7"}, {"squeue_r_t_all_states_done", "6"}}) {
            Fixture f = Fixture.slurm(c[0]);
            int time = Integer.parseInt(c[1]);
            String out = Normalize.durationColumn(Normalize.stamps(SlurmGolden.stdoutOf(h, f)), "|", time);
            String expected = Normalize.durationColumn(Normalize.stamps(f.stdout()), "|", time);
            assertThat(Normalize.sortedLines(out)).as(c[0]).isEqualTo(Normalize.sortedLines(expected));
            assertThat(Normalize.columnOrder(out, "|", 4)).as(c[0]).isEqualTo(Normalize.columnOrder(expected, "|", 4));
        }
        Fixture table = Fixture.slurm("squeue_t_all_default_states_done");
        assertThat(Normalize.sortedLines(Normalize.times(SlurmGolden.stdoutOf(h, table))))
                .isEqualTo(Normalize.sortedLines(Normalize.times(table.stdout())));
    }

    @Test
    void hidesFinishedJobsWithoutT() {
        assertThat(SlurmGolden.stdoutOf(h, Fixture.slurm("squeue_no_t_states_done"))).isEmpty();
    }

    @Test
    void accountsTimeoutMemoryKillAndCancelAsSacctDoes() {
        Fixture x = Fixture.slurm("sacct_X_states_done");
        assertThat(sacct(SlurmGolden.stdoutOf(h, x), 9, 11)).isEqualTo(sacct(x.stdout(), 9, 11));
        Fixture steps = Fixture.slurm("sacct_steps_states_done");
        assertThat(sacct(SlurmGolden.stdoutOf(h, steps), 8, 10)).isEqualTo(sacct(steps.stdout(), 8, 10));
        Fixture one = Fixture.slurm("sacct_one_task_steps");
        assertThat(Normalize.column(SlurmGolden.stdoutOf(h, one), "|", 4, "RSS")).isEqualTo(Normalize.column(one.stdout(), "|", 4, "RSS"));
        for (String exact : new String[] {"sacct_simple_states_done", "sacct_parsable_trailing_states_done",
                "sacct_X_default_states_done", "sacct_default_states_done", "sacct_raw_task_id"}) {
            Fixture f = Fixture.slurm(exact);
            assertThat(SlurmGolden.stdoutOf(h, f)).as(exact).isEqualTo(f.stdout());
        }
    }

    /** sacct -P: stamps, the Elapsed column and MaxRSS (when the poll fell) may differ. */
    private static String sacct(String s, int elapsed, int maxRss) {
        return Normalize.column(Normalize.durationColumn(Normalize.stamps(s), "|", elapsed), "|", maxRss, "RSS");
    }

    @Test
    void showsEachEndingInScontrol() {
        for (String scenario : new String[] {"scontrol_show_job_timeout_task", "scontrol_show_job_memkilled_task",
                "scontrol_show_job_kill9_task", "scontrol_show_job_failed_exit3_task",
                "scontrol_show_job_cancelled_remainder"}) {
            Fixture f = Fixture.slurm(scenario);
            assertThat(scontrol(SlurmGolden.stdoutOf(h, f))).as(scenario).isEqualTo(scontrol(f.stdout()));
        }
    }

    private String scontrol(String s) {
        s = h.fixturePaths(s, "/home/slurmxuser");
        s = Normalize.stamps(Normalize.durationAfter(s, "RunTime"));
        return s.replaceAll("Priority=\\d+", "Priority=P").replaceAll("AllocNode:Sid=slurmx:\\d+", "AllocNode:Sid=slurmx:S");
    }

    @Test
    void writesSlurmstepdNoticesIntoTheTaskOutput() {
        assertThat(h.read("states-39_1.out")).isEqualTo(Fixture.slurm("task_output_exit3").stdout());
        assertThat(Normalize.stamps(h.read("states-39_4.out")))
                .isEqualTo(Normalize.stamps(Fixture.slurm("task_output_timeout").stdout()));
        String rss = "\\(\\d+ > 104857600\\)";
        assertThat(Normalize.stamps(h.read("states-39_2.out")).replaceAll(rss, "(R > 104857600)"))
                .isEqualTo(Normalize.stamps(Fixture.slurm("task_output_memkill").stdout()).replaceAll(rss, "(R > 104857600)"));
    }
}
