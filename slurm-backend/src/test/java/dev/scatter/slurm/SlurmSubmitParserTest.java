package dev.scatter.slurm;

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
import org.junit.jupiter.params.provider.ValueSource;

/** sbatch's answers, from the captured scenarios and the forms its documentation lists. */
class SlurmSubmitParserTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1\\n|1",
            "3;slurmx\\n|3",
            "Submitted batch job 2\\n|2",
            "Submitted batch job 4 on cluster slurmx\\n|4",
            "\\n\\n39\\n|39",
            "39|39",
            "  2501  \\n|2501"})
    void shouldFindTheJobIdInEveryFormSbatchPrints(String stdout, String id) {
        assertThat(SlurmSubmitParser.jobId(stdout.replace("\\n", "\n"))).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sbatch: error: nothing", "job 12 maybe", "12 13"})
    void shouldRefuseOutputWithoutAJobIdQuotingIt(String stdout) {
        assertThatThrownBy(() -> SlurmSubmitParser.jobId(stdout))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("[slurm] sbatch printed no job id")
                .hasMessageContaining("'" + stdout.strip() + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sbatch_parsable_plain", "sbatch_parsable_clusters", "sbatch_plain", "sbatch_clusters",
            "sbatch_parsable_array_throttle", "sbatch_states_array", "sbatch_script_directives"})
    void shouldAcceptEveryCapturedSuccessfulSubmission(String fixture) {
        Fixture f = Fixture.slurm(fixture);
        assertThat(SlurmSubmitParser.outcome(f.result()))
                .isEqualTo(new SubmitOutcome.Accepted(f.stdout().replaceAll("\\D+", " ").strip().split(" ")[0]));
    }

    @Test
    void shouldTreatSuccessWithoutAnIdAsUnconfirmedSoTheJobIsLookedUpByName() {
        assertThat(SlurmSubmitParser.outcome(Fixture.slurm("sbatch_quiet").result())).isInstanceOf(SubmitOutcome.Transient.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sbatch_err_qos_max_submit", "sbatch_err_qos_max_submit_counting_queued"})
    void shouldTreatTheQosSubmitLimitAsALimitNotAnError(String fixture) {
        assertThat(SlurmSubmitParser.outcome(Fixture.slurm(fixture).result()))
                .isEqualTo(new SubmitOutcome.LimitReached("QOSMaxSubmitJobPerUserLimit"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sbatch_err_partition|check -p/--partition",
            "sbatch_err_account|check -A/--account",
            "sbatch_err_mem_unsatisfiable|no node has that much memory: lower --mem",
            "sbatch_err_mem_per_cpu_unsatisfiable|no node has that much memory",
            "sbatch_err_time_syntax|write -t as minutes",
            "sbatch_err_mem_syntax|write --mem as a size",
            "sbatch_err_qos|check the --qos",
            "sbatch_err_gres|drop --gpus",
            "sbatch_err_feature|check the --constraint",
            "sbatch_err_nodename|check the --nodelist",
            "sbatch_err_bad_option|is not an sbatch option",
            "sbatch_err_cpus_syntax|has a value sbatch cannot read",
            "sbatch_err_array_above_max|MaxArraySize",
            "sbatch_err_missing_script|task.sh is missing",
            "sbatch_err_no_shebang|a bug in scatter"})
    void shouldRejectWithTheCommandItsStatusItsOutputAndWhatToChange(String fixture, String advice) {
        Fixture f = Fixture.slurm(fixture);
        SubmitOutcome o = SlurmSubmitParser.outcome(f.result());
        assertThat(o).isInstanceOf(SubmitOutcome.Rejected.class);
        String hint = ((SubmitOutcome.Rejected) o).hint();
        assertThat(hint).startsWith("[slurm] sbatch rejected the array\n- command     : sh -c ")
                .contains("- exit status : " + f.exit() + "\n")
                .contains("- output      : " + f.stderr().strip().lines().findFirst().orElseThrow())
                .contains("\n  what to change: ").contains(advice);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation",
            "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)",
            "sbatch: error: Slurm temporarily unable to accept job, sleeping and retrying"})
    void shouldTreatControllerTroubleAsTransient(String stderr) {
        CommandResult r = new CommandResult(Command.of(Path.of("/tmp"), "sbatch"), 1, "", stderr + "\n");
        assertThat(SlurmSubmitParser.outcome(r)).isInstanceOf(SubmitOutcome.Transient.class);
    }

    @Test
    void shouldAskToDropADependencyOnAnArrayThatIsGone() {
        CommandResult r = new CommandResult(Command.of(Path.of("/tmp"), "sbatch"), 1, "",
                "sbatch: error: Batch job submission failed: Job dependency problem\n");
        assertThat(SlurmSubmitParser.outcome(r)).isInstanceOf(SubmitOutcome.DependencyRefused.class);
    }
}
