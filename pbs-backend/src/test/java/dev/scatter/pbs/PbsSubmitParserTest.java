package dev.scatter.pbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.grid.SubmitOutcome;
import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.fixtures.Fixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What qsub answered, on the captured OpenPBS 23.06.06 submissions (trap PBS 2) and the forms ids come in. */
class PbsSubmitParserTest {

    private final PbsStatusParser status = new PbsStatusParser("pbs-pro");

    private SubmitOutcome outcome(String fixture) {
        return PbsSubmitParser.outcome(Fixture.pbs(fixture).result(), status, "[pbs-pro]");
    }

    private SubmitOutcome outcome(int exit, String stdout, String stderr) {
        return PbsSubmitParser.outcome(new CommandResult(Command.of(Path.of("/p"), "qsub", "-J", "0-9", "task.sh"), exit, stdout,
                stderr), status, "[pbs-pro]");
    }

    @ParameterizedTest(name = "''{0}'' is job {1}")
    @CsvSource(delimiter = '|', value = {
            "2[].pbshost\\n|2[].pbshost",
            "\\n0.pbshost\\n|0.pbshost",
            "123[].pbs01.cluster.example.org|123[].pbs01.cluster.example.org",
            "4711|4711",
            "qsub: warning: job will run in queue short\\n5[].server|5[].server"})
    void shouldKeepTheWholeIdLineQsubPrints(String stdout, String id) {
        assertThat(PbsSubmitParser.jobId(stdout.replace("\\n", "\n"), "[pbs-pro]")).isEqualTo(id);
    }

    @Test
    void shouldQuoteOutputWithoutAnId() {
        assertThatThrownBy(() -> PbsSubmitParser.jobId("Job submitted\n", "[pbs-pro]"))
                .hasMessage("[pbs-pro] qsub printed no job id (expected '123[].server', '123.server' or '123'): 'Job submitted'");
    }

    @Test
    void shouldAcceptTheCapturedSubmissions() {
        assertThat(outcome("qsub_array_0_5")).isEqualTo(new SubmitOutcome.Accepted("2[].pbshost"));
        assertThat(outcome("qsub_plain_script")).isEqualTo(new SubmitOutcome.Accepted("0.pbshost"));
        assertThat(outcome("nohist_qsub_states_array")).isEqualTo(new SubmitOutcome.Accepted("1[].pbshost"));
        // -z: exit 0 and no id; the job exists, so it is looked up by name rather than submitted again
        assertThat(outcome("qsub_quiet")).isInstanceOf(SubmitOutcome.Transient.class);
    }

    @Test
    void shouldTellRootToRunAsANormalUser() {
        SubmitOutcome o = outcome("qsub_err_root_bad_uid");
        assertThat(o).isInstanceOf(SubmitOutcome.Rejected.class);
        assertThat(((SubmitOutcome.Rejected) o).hint()).startsWith("[pbs-pro] qsub refused the array: PBS runs no jobs for root\n")
                .contains("- exit status : 175").contains("- output      : qsub: Bad UID for job execution")
                .endsWith("what to change: run scatter as a normal user (PBS refuses root's jobs unless the server's acl_roots allows them)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "qsub_err_queue|check -p/--partition: `qstat -Q` lists the queues",
            "qsub_err_mem_fraction|whole mb or gb",
            "qsub_err_walltime_syntax|PBS cannot read or allow a value",
            "qsub_err_unknown_resource|`pbsnodes -a` lists what nodes have",
            "qsub_err_missing_script|task.sh is missing",
            "qsub_err_J_not_rerunnable|drop `-r n`",
            "qsub_err_J_0_0|qsub refuses a value of one of its options",
            "qsub_err_name|qsub refuses a value of one of its options"})
    void shouldSayWhatToChangeForEachRejection(String fixture, String advice) {
        SubmitOutcome o = outcome(fixture);
        assertThat(o).as(fixture).isInstanceOf(SubmitOutcome.Rejected.class);
        String hint = ((SubmitOutcome.Rejected) o).hint();
        assertThat(hint).startsWith("[pbs-pro] qsub rejected the array\n- command     : ")
                .contains("- exit status : " + Fixture.pbs(fixture).exit()).contains("what to change: ").contains(advice);
    }

    @Test
    void shouldTreatAQueueLimitAsWaitingForRoom() {
        SubmitOutcome o = outcome(38, "", "qsub: would exceed queue workq's per-user limit of jobs in 'Q' state\n");
        assertThat(o).isEqualTo(new SubmitOutcome.LimitReached("would exceed queue workq's per-user limit of jobs in 'Q' state"));
    }

    @Test
    void shouldHalveAnArrayAboveMaxArraySizeRatherThanFail() {
        assertThat(outcome("qsub_err_J_too_big"))
                .isEqualTo(new SubmitOutcome.LimitReached("max_array_size: Array job exceeds server or queue size limit"));
    }

    @Test
    void shouldReportADependencyOnAForgottenJob() {
        assertThat(outcome(153, "", "qsub: Unknown Job Id 41[].pbshost\n")).isInstanceOf(SubmitOutcome.DependencyRefused.class);
    }

    @Test
    void shouldRetryWhenTheServerDoesNotAnswer() {
        assertThat(outcome(162, "", "Connection refused\nqsub: cannot connect to server pbshost (errno=15010)\n"))
                .isInstanceOf(SubmitOutcome.Transient.class);
    }
}
