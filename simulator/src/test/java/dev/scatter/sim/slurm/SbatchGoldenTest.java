package dev.scatter.sim.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Reply;
import dev.scatter.sim.testing.SimHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** sbatch against the captured SLURM 22.05.8 outputs: ids, exit codes, every error message byte for byte. */
class SbatchGoldenTest {

    private SimHarness h;

    @BeforeEach
    void cluster() {
        h = SimHarness.slurm(b -> { });
        h.write("job.sh", SimHarness.SLURM_JOB_SH);
        h.write("arr.sh", SimHarness.SLURM_ARR_SH);
        h.write("env.sh", SimHarness.ENV_SH);
        h.write("noshebang.sh", "echo no shebang\n");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sbatch_err_account", "sbatch_err_array_above_max", "sbatch_err_array_range_5000",
            "sbatch_err_array_reversed", "sbatch_err_array_syntax", "sbatch_err_bad_option", "sbatch_err_cpus_syntax",
            "sbatch_err_feature", "sbatch_err_gres", "sbatch_err_mem_per_cpu_unsatisfiable", "sbatch_err_mem_syntax",
            "sbatch_err_mem_unsatisfiable", "sbatch_err_missing_script", "sbatch_err_no_script", "sbatch_err_no_shebang",
            "sbatch_err_nodename", "sbatch_err_partition", "sbatch_err_qos", "sbatch_err_time_syntax"})
    @DisplayName("rejects submissions with SLURM's message and exit code")
    void rejectsLikeSlurm(String scenario) {
        SlurmGolden.assertSame(h, Fixture.slurm(scenario));
    }

    @Test
    void rejectsArraysAboveMaxArraySize() {
        SlurmGolden.assertSame(h, Fixture.slurm("sbatch_err_array_above_max"));
        // the highest allowed index is MaxArraySize-1 (sbatch_array_max_index_1000)
        assertThat(h.run("sbatch", "--parsable", "--hold", "--array=0-1000", "--wrap=true").exitCode()).isZero();
    }

    @Test
    void rejectsAnArrayLargerThanTheQosSubmitLimit() {
        h.close();
        h = SimHarness.slurm(b -> b.maxSubmitJobs(50));
        SlurmGolden.assertSame(h, Fixture.slurm("sbatch_err_qos_max_submit"));
    }

    @Test
    void countsQueuedArrayTasksAgainstTheQosSubmitLimit() {
        h.close();
        h = SimHarness.slurm(b -> b.maxSubmitJobs(50));
        assertThat(h.sh("sbatch --parsable --hold --array=0-39 --wrap=true").stdout()).isEqualTo("1\n");
        SlurmGolden.assertSame(h, Fixture.slurm("sbatch_err_qos_max_submit_counting_queued"));
        assertThat(h.sh("sbatch --parsable --hold --wrap=true").exitCode()).as("41 of 50 used").isZero();
    }

    @Test
    void keepsAFailedRecordOfAMemoryRejection() {
        h.sim().cluster().setNextJobId(11);
        SlurmGolden.assertSame(h, Fixture.slurm("sbatch_err_mem_unsatisfiable"));
        Reply r = h.sh("sacct -P -n -X -j 11 -o JobID,JobName,State,ExitCode,Reason,ReqMem");
        assertThat(r.stdout()).isEqualTo("11|wrap|FAILED|1:0|None|100G\n");
        assertThat(h.sh("squeue -h -t all -j 11 -o %i|%T|%r").stdout()).isEqualTo("11|FAILED|BadConstraints\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sbatch_parsable_plain", "sbatch_plain", "sbatch_clusters", "sbatch_parsable_clusters",
            "sbatch_quiet", "sbatch_script_directives", "sbatch_script_array_directive", "sbatch_array_list_step",
            "sbatch_array_max_index_1000", "sbatch_accepted_too_many_cpus", "sbatch_accepted_time_over_max",
            "sbatch_accepted_two_nodes", "sbatch_states_array"})
    @DisplayName("accepts submissions and prints the id as sbatch does")
    void acceptsLikeSlurm(String scenario) {
        Fixture f = Fixture.slurm(scenario);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("(\\d+)").matcher(f.stdout());
        h.sim().cluster().setNextJobId(id.find() ? Long.parseLong(id.group(1)) : 5);
        if (scenario.equals("sbatch_states_array")) {
            h.write("states.sh", SimHarness.SLURM_STATES_SH);
        }
        SlurmGolden.assertSame(h, f);
    }

    @Test
    void givesTheLastStartedArrayTaskTheArrayId() {
        h.sim().cluster().setNextJobId(7);
        assertThat(h.run("sbatch", "--parsable", "arr.sh").stdout()).isEqualTo("7\n");
        h.awaitJobFinished(7, java.time.Duration.ofSeconds(10));
        String all = String.join("", h.read("arr-7_0.out"), h.read("arr-7_1.out"), h.read("arr-7_2.out"), h.read("arr-7_3.out"));
        assertThat(all).isEqualTo(Fixture.slurm("cat_script_array_outputs").stdout());
    }

    @Test
    void printsItsVersion() {
        assertThat(h.run("sbatch", "--version").stdout()).isEqualTo("slurm-wlm 22.05.8\n");
        assertThat(h.run("scontrol", "ping").stdout()).isEqualTo(Fixture.slurm("scontrol_ping").stdout());
    }
}
