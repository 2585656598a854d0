package dev.scatter.sim.pbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Reply;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.testing.SimHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** qsub, and qstat/qdel on unknown ids, against the captured OpenPBS 23.06.06 outputs. */
class QsubGoldenTest {

    private SimHarness h;

    @BeforeEach
    void cluster() {
        h = SimHarness.pbs(Scheduler.OPENPBS, b -> b.pbsHistory(true));
        h.write("job.sh", SimHarness.PBS_JOB_SH);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"qsub_err_J_0_0", "qsub_err_J_list", "qsub_err_J_not_rerunnable", "qsub_err_J_reversed",
            "qsub_err_J_single", "qsub_err_J_step0", "qsub_err_J_too_big", "qsub_err_mem_fraction",
            "qsub_err_missing_script", "qsub_err_name", "qsub_err_queue", "qsub_err_unknown_resource",
            "qsub_err_walltime_syntax"})
    void rejectsSubmissionsWithPbsMessageAndExitCode(String scenario) {
        PbsGolden.assertSame(h, Fixture.pbs(scenario));
    }

    @Test
    void refusesOneElementArrays() {
        PbsGolden.assertSame(h, Fixture.pbs("qsub_err_J_single"));
        assertThat(h.sh("qsub -J 0-1 job.sh").stdout()).isEqualTo("0[].pbshost\n");
    }

    @Test
    void refusesRoot() {
        h.close();
        h = SimHarness.pbs(Scheduler.OPENPBS, b -> b.user("root"));
        PbsGolden.assertSame(h, Fixture.pbs("qsub_err_root_bad_uid"));
    }

    @Test
    void printsJobIdsWithTheServerName() {
        PbsGolden.assertSame(h, Fixture.pbs("qsub_plain_script"));
        h.sim().cluster().setNextJobId(2);
        PbsGolden.assertSame(h, Fixture.pbs("qsub_array_0_5"));
        PbsGolden.assertSame(h, Fixture.pbs("qsub_quiet"));
        assertThat(h.sh("qstat -x 3.pbshost").stdout()).contains("3.pbshost         hello");
    }

    @Test
    void blocksAndReturnsTheJobsExitStatus() {
        h.sim().cluster().setNextJobId(4);
        PbsGolden.assertSame(h, Fixture.pbs("qsub_block"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"qstat_version", "qstat_unknown", "qstat_unknown_short", "qstat_unknown_subjob",
            "qstat_fjson_unknown", "qdel_unknown", "qdel_bad_syntax", "qstat_B", "qstat_Q", "qstat_Bf_json"})
    void answersLikePbsOnAnIdleServer(String scenario) {
        PbsGolden.assertSame(h, Fixture.pbs(scenario));
    }

    @Test
    void omitsJobHistoryEnableWhenHistoryIsOff() {
        h.close();
        h = SimHarness.pbs(Scheduler.OPENPBS, b -> b.pbsHistory(false));
        PbsGolden.assertSame(h, Fixture.pbs("nohist_qstat_Bf_json"));
        Reply r = h.sh("qstat -x");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo(Fixture.pbs("nohist_qstat_empty").stderr());
    }
}
