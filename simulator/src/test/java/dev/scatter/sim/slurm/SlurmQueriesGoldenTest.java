package dev.scatter.sim.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Reply;
import dev.scatter.sim.testing.Normalize;
import dev.scatter.sim.testing.SimHarness;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** squeue, sacct, scancel and scontrol on unknown ids, the configuration, purges, reasons and environments. */
class SlurmQueriesGoldenTest {

    private SimHarness h;

    @BeforeEach
    void cluster() {
        h = SimHarness.slurm(b -> { });
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"squeue_unknown_id", "squeue_unknown_id_h_fmt", "squeue_unknown_ids_list",
            "squeue_bad_state", "scontrol_show_job_unknown", "scancel_no_id", "scancel_bad_id_syntax",
            "scancel_unknown_id", "scancel_unknown_id_verbose", "scancel_unknown_task", "sacct_unknown_id",
            "sacct_unknown_id_header"})
    void answersUnknownIdsAndBadArgumentsLikeSlurm(String scenario) {
        SlurmGolden.assertSame(h, Fixture.slurm(scenario));
    }

    @Test
    void printsThePartitionTableAsSinfoDoes() {
        SlurmGolden.assertSame(h, Fixture.slurm("sinfo"));
    }

    @Test
    void sinfoTellsThePartitionsCpusForCapacity() {
        var r = h.run(java.util.List.of("sinfo", "-h", "-o", "%C"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).matches("0/\\d+/0/\\d+\n");
    }

    @Test
    void exitsOneForASingleUnknownIdInSqueue() {
        Reply r = h.sh("squeue -h -j 999999 -o %i|%T");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("slurm_load_jobs error: Invalid job id specified\n");
    }

    @Test
    void printsTheConfigurationAsScontrolDoes() {
        Fixture f = Fixture.slurm("scontrol_show_config");
        String out = h.run(f.argv()).stdout();
        assertThat(Normalize.stamps(out).replaceAll("NEXT_JOB_ID {13}= \\d+", "NEXT_JOB_ID = N"))
                .isEqualTo(Normalize.stamps(f.stdout()).replaceAll("NEXT_JOB_ID {13}= \\d+", "NEXT_JOB_ID = N"));
        assertThat(out).contains("MaxArraySize            = 1001\n", "MinJobAge               = 300 sec\n");
    }

    @Test
    void purgesFinishedJobsAfterMinJobAgeButKeepsThemInAccounting() {
        h.close();
        h = SimHarness.slurm(b -> b.minJobAge(Duration.ofSeconds(2)));
        assertThat(h.sh("scontrol show config").stdout()).contains("MinJobAge               = 2 sec\n");
        assertThat(h.sh("sbatch --parsable --array=0-2 --wrap=true").stdout()).isEqualTo("1\n");
        h.awaitJobFinished(1, Duration.ofSeconds(10));
        String finished = h.sh("squeue -h -t all -j 1 -o %i|%A|%T|%r|%e").stdout();
        assertThat(Normalize.sortedLines(Normalize.stamps(finished)))
                .isEqualTo(Normalize.sortedLines(Normalize.stamps(Fixture.slurm("minjobage10_squeue_finished").stdout())));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> h.sh("squeue -h -t all -j 1 -o %i").exitCode() == 1);
        for (String scenario : new String[] {"minjobage10_squeue_after_purge", "minjobage10_squeue_all_after_purge",
                "minjobage10_scontrol_after_purge", "minjobage10_scancel_after_purge"}) {
            SlurmGolden.assertSame(h, Fixture.slurm(scenario));
        }
        Fixture acct = Fixture.slurm("minjobage10_sacct_after_purge");
        assertThat(Normalize.stamps(h.run(acct.argv()).stdout())).isEqualTo(Normalize.stamps(acct.stdout()));
    }

    @Test
    void keepsImpossibleRequestsPendingWithThePartitionReason() {
        h.sim().cluster().setNextJobId(14);
        for (String s : List.of("sbatch_accepted_too_many_cpus", "sbatch_accepted_time_over_max", "sbatch_accepted_two_nodes")) {
            assertThat(h.run(Fixture.slurm(s).argv()).exitCode()).isZero();
        }
        h.sim().cluster().setNextJobId(17);
        h.run(Fixture.slurm("sbatch_array_max_index_1000").argv());
        h.run(Fixture.slurm("sbatch_array_list_step").argv());
        // a fresh job shows reason None until the scheduler looked at it, as on a real cluster
        h.awaitTask(18, 40, t -> t.reason() == dev.scatter.sim.queue.WaitReason.HELD, Duration.ofSeconds(5));
        h.awaitTask(14, -1, t -> t.reason() != dev.scatter.sim.queue.WaitReason.NONE, Duration.ofSeconds(5));
        for (String s : List.of("squeue_unrunnable_reasons", "squeue_default_held_arrays")) {
            Fixture f = Fixture.slurm(s);
            // held jobs share priority 0: their order is slurmctld's
            assertThat(Normalize.sortedLines(Normalize.durations(h.run(f.argv()).stdout())))
                    .as(s).isEqualTo(Normalize.sortedLines(Normalize.durations(f.stdout())));
        }
        SlurmGolden.assertSame(h, Fixture.slurm("squeue_r_list_step_array"));
    }

    @Test
    void refusesSacctWhenAccountingIsOff() {
        h.close();
        h = SimHarness.slurm(b -> b.accounting(false));
        Reply r = h.sh("sacct -P -n -j 1 -o JobID,State");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("sacct: error: Slurm accounting storage is disabled\n");
        assertThat(h.sh("scontrol show config").stdout()).contains("AccountingStorageType   = accounting_storage/none\n");
    }

    @Test
    void saysSoWhenCancellingAFinishedJobVerbosely() {
        assertThat(h.sh("sbatch --parsable --wrap=true").stdout()).isEqualTo("1\n");
        h.awaitJobFinished(1, Duration.ofSeconds(10));
        SlurmGolden.assertSame(h, Fixture.slurm("scancel_finished_job"));
    }

    @Test
    void givesJobsTheEnvironmentSlurmGives() {
        h.write("env.sh", SimHarness.ENV_SH);
        h.sim().cluster().setNextJobId(26);
        assertThat(h.sh("sbatch --parsable --array=0-3 -c 2 --mem=200M -o env-%A_%a.out env.sh").stdout()).isEqualTo("26\n");
        h.awaitJobFinished(26, Duration.ofSeconds(10));
        Map<String, String> task = env(h.read("env-26_1.out"));
        Map<String, String> expected = env(Fixture.slurm("env_array_task").stdout());
        assertThat(slurmNames(task)).isEqualTo(slurmNames(expected));
        for (String name : List.of("SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_ID",
                "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_STEP", "SLURM_CLUSTER_NAME",
                "SLURM_CPUS_ON_NODE", "SLURM_CPUS_PER_TASK", "SLURM_JOB_ACCOUNT", "SLURM_JOB_NAME", "SLURM_JOB_NODELIST",
                "SLURM_JOB_PARTITION", "SLURM_MEM_PER_NODE", "SLURM_SUBMIT_HOST", "SLURM_TASKS_PER_NODE", "HOSTNAME",
                "ENVIRONMENT", "TMPDIR", "SLURM_JOB_USER", "SLURM_JOB_UID", "LANG")) {
            assertThat(task.get(name)).as(name).isEqualTo(expected.get(name));
        }
        assertThat(task.get("PWD")).isEqualTo(h.fx().toString());
        assertThat(task.get("SLURM_SUBMIT_DIR")).isEqualTo(h.fx().toString());
        // each started task gets an id of its own; the last one to start keeps the array's (trap 9)
        assertThat(env(h.read("env-26_3.out")).get("SLURM_JOB_ID")).isEqualTo("26");
        assertThat(env(h.read("env-26_0.out")).get("SLURM_JOB_ID")).isEqualTo("27");

        assertThat(h.sh("sbatch --parsable -o env-plain-%j.out env.sh").stdout()).isEqualTo("30\n");
        h.awaitJobFinished(30, Duration.ofSeconds(10));
        Map<String, String> plain = env(h.read("env-plain-30.out"));
        Map<String, String> expectedPlain = env(Fixture.slurm("env_plain_job").stdout());
        assertThat(slurmNames(plain)).isEqualTo(slurmNames(expectedPlain));
        assertThat(plain.get("SLURM_MEM_PER_CPU")).isEqualTo("500");
        assertThat(plain).doesNotContainKey("SLURM_CPUS_PER_TASK").doesNotContainKey("OMP_NUM_THREADS");
    }

    @Test
    void namesOutputFilesByTheirPatterns() {
        long array = id(h.sh("sbatch --parsable --array=0-2 --wrap='echo task $SLURM_ARRAY_TASK_ID'"));
        long plain = id(h.sh("sbatch --parsable --wrap='echo plain'"));
        long pat = id(h.sh("sbatch --parsable --array=0-1 -o 'pat-%A_%a-%j-%x.out' -e 'pat-%A_%a.err' --wrap='echo out; echo err >&2'"));
        for (long id : new long[] {array, plain, pat}) {
            h.awaitJobFinished(id, Duration.ofSeconds(10));
        }
        long own0 = h.sim().cluster().read(() -> h.job(pat).task(0).ownId());
        try (var files = java.nio.file.Files.list(h.fx())) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            // ls_default_output_names: %A the array, %a the index, %j the task's own id (the last
            // task started keeps the array's), %x the job name; defaults slurm-%A_%a.out / slurm-%j.out
            assertThat(names).containsExactlyInAnyOrder("pat-" + pat + "_0-" + own0 + "-wrap.out", "pat-" + pat + "_0.err",
                    "pat-" + pat + "_1-" + pat + "-wrap.out", "pat-" + pat + "_1.err", "slurm-" + array + "_0.out",
                    "slurm-" + array + "_1.out", "slurm-" + array + "_2.out", "slurm-" + plain + ".out");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(Fixture.slurm("ls_default_output_names").stdout()).contains("pat-30_1-30-wrap.out", "slurm-29.out");
        assertThat(h.read("pat-" + pat + "_0.err")).isEqualTo("err\n");
        assertThat(h.read("slurm-" + array + "_2.out")).isEqualTo("task 2\n");
    }

    private static long id(Reply r) {
        return Long.parseLong(r.stdout().trim());
    }

    private static Map<String, String> env(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> b, TreeMap::new));
    }

    private static List<String> slurmNames(Map<String, String> env) {
        return env.keySet().stream().filter(k -> k.startsWith("SLURM")).toList();
    }
}
