package dev.scatter.sim.pbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Reply;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.queue.TaskState;
import dev.scatter.sim.testing.SimHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fixtures' states array ({@code qsub -J 0-5%1 -N states states.sh}: exit 0, exit 3,
 * kill -9, a running subjob deleted, a queued subjob deleted, one that finishes), once with
 * job history on (array 10) and once with PBS's default, history off (array 1).
 */
class PbsStatesGoldenTest {

    private SimHarness h;

    @AfterEach
    void stop() {
        h.close();
    }

    /** Submits the array as job {@code id} and waits until subjobs 0-2 ended and 3 runs. */
    private void submitStates(long id, String qsubFixture) {
        h.write("states.sh", SimHarness.PBS_STATES_SH);
        h.sim().cluster().setNextJobId(id);
        PbsGolden.assertSame(h, Fixture.pbs(qsubFixture));
        h.awaitRunning(id, 3);
    }

    /** qdel the queued subjob first, then the running one (the order of the fixtures' notes). */
    private void deleteThreeAndFour(long id) {
        assertThat(h.sh("qdel '" + id + "[4].pbshost'").exitCode()).isZero();
        assertThat(h.sh("qdel '" + id + "[3].pbshost'").exitCode()).isZero();
        h.awaitJobFinished(id, Duration.ofSeconds(10));
    }

    @Test
    void keepsHistoryOfEverySubjobWhenHistoryIsOn() {
        h = SimHarness.pbs(Scheduler.OPENPBS, b -> b.pbsHistory(true));
        submitStates(10, "qsub_states_array");
        PbsGolden.assertSame(h, Fixture.pbs("qstat_t_states_running"));
        PbsGolden.assertSameJson(h, Fixture.pbs("qstat_fjson_t_states_running"));
        PbsGolden.assertSame(h, Fixture.pbs("qstat_f_expired_subjob"));
        PbsGolden.assertSame(h, Fixture.pbs("qdel_queued_subjob_states"));
        PbsGolden.assertSame(h, Fixture.pbs("qdel_running_subjob_states"));
        h.awaitJobFinished(10, Duration.ofSeconds(10));
        PbsGolden.assertSame(h, Fixture.pbs("qstat_t_states_done_no_x"));
        PbsGolden.assertSame(h, Fixture.pbs("qstat_fjson_states_done_no_x"));
        PbsGolden.assertSame(h, Fixture.pbs("qstat_xt_states_done"));
        PbsGolden.assertSameJson(h, Fixture.pbs("qstat_fjson_xt_states_done"));
        assertThat(h.read("states.o10.0") + h.read("states.o10.3") + h.read("states.e10.3"))
                .isEqualTo(Fixture.pbs("cat_states_outputs").stdout());
        Reply again = h.sh("qdel '10[].pbshost'");
        assertThat(again.exitCode()).isEqualTo(35);
        assertThat(again.stderr()).isEqualTo("qdel: Job has finished 10[].pbshost\n");
    }

    @Test
    void forgetsAnArrayWhenItsLastSubjobEndsWhenHistoryIsOff() {
        h = SimHarness.pbs(Scheduler.OPENPBS, b -> b.pbsHistory(false));
        PbsGolden.assertSame(h, Fixture.pbs("nohist_qsub_plain"));
        h.awaitJobFinished(0, Duration.ofSeconds(10));
        submitStates(1, "nohist_qsub_states_array");
        PbsGolden.assertSame(h, Fixture.pbs("nohist_qstat_finished_plain"));
        PbsGolden.assertSame(h, Fixture.pbs("nohist_qstat_x_finished_plain"));
        PbsGolden.assertSame(h, Fixture.pbs("nohist_qstat_t_states_running"));
        PbsGolden.assertSameJson(h, Fixture.pbs("nohist_qstat_fjson_t_states_running"));
        PbsGolden.assertSame(h, Fixture.pbs("nohist_qstat_x_t_states_running"));
        PbsGolden.assertSame(h, Fixture.pbs("nohist_qstat_fjson_xt_states_running"));
        deleteThreeAndFour(1);
        PbsGolden.assertSame(h, Fixture.pbs("nohist_qstat_t_states_done"));
        PbsGolden.assertSame(h, Fixture.pbs("nohist_qstat_fjson_t_states_done"));
        PbsGolden.assertSame(h, Fixture.pbs("nohist_qdel_finished_array"));
    }

    @Test
    void marksAJobThatCanNeverRunAndTerminatesItOnQdel() {
        h = SimHarness.pbs(Scheduler.OPENPBS, b -> b.pbsHistory(true));
        h.sim().cluster().setNextJobId(23);
        PbsGolden.assertSame(h, Fixture.pbs("qsub_never_run"));
        h.awaitTask(23, -1, t -> t.reason() != dev.scatter.sim.queue.WaitReason.NONE, Duration.ofSeconds(5));
        for (String s : new String[] {"qstat_never_run", "qstat_f_never_run", "qstat_s_never_run"}) {
            PbsGolden.assertSame(h, Fixture.pbs(s));
        }
        PbsGolden.assertSameJson(h, Fixture.pbs("qstat_fjson_never_run"));
        PbsGolden.assertSame(h, Fixture.pbs("qdel_queued_plain"));
        PbsGolden.assertSameJson(h, Fixture.pbs("qstat_fjson_x_deleted_queued_plain"));
    }

    @Test
    void answersQdelOfDeletedSubjobsAndArraysWithTheirCodes() {
        h = SimHarness.pbs(Scheduler.OPENPBS, b -> b.pbsHistory(true));
        h.sim().cluster().setNextJobId(9);
        PbsGolden.assertSame(h, Fixture.pbs("qsub_array_throttle"));
        h.awaitRunning(9, 1);
        assertThat(h.sh("qdel '9[5].pbshost'").exitCode()).isZero();
        PbsGolden.assertSame(h, Fixture.pbs("qdel_subjob_again"));
        PbsGolden.assertSame(h, Fixture.pbs("qdel_array"));
        h.awaitJobFinished(9, Duration.ofSeconds(10));
        PbsGolden.assertSame(h, Fixture.pbs("qdel_array_again"));
        PbsGolden.assertSame(h, Fixture.pbs("qdel_finished_subjob"));
        // deleting the whole array rewrote the subjobs' history (trap PBS 8)
        assertThat(h.sh("qstat -f -x '9[5].pbshost'").stdout()).contains("comment = Subjob finished");
    }

    @Test
    void killsAtTheWalltimeWithExitStatusMinus29() {
        h = SimHarness.pbs(Scheduler.OPENPBS, b -> b.pbsHistory(true).clockSpeedup(5));
        h.sim().cluster().setNextJobId(11);
        PbsGolden.assertSame(h, Fixture.pbs("qsub_walltime_array"));
        h.awaitJobFinished(11, Duration.ofSeconds(15));
        assertThat(h.sim().cluster().read(() -> h.job(11).task(0).state())).isEqualTo(TaskState.TIMEOUT);
        PbsGolden.assertSameJson(h, Fixture.pbs("qstat_fjson_xt_walltime_done"));
        assertThat(h.read("wt.e11.0").replaceAll("walltime \\d+", "walltime N"))
                .isEqualTo(Fixture.pbs("cat_walltime_stderr").stdout().replaceAll("walltime \\d+", "walltime N"));
    }
}
