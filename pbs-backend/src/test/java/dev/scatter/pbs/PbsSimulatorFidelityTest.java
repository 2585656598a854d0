package dev.scatter.pbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scatter.core.grid.Query;
import dev.scatter.core.grid.SchedulerLimits;
import dev.scatter.core.grid.SubmitOutcome;
import dev.scatter.core.grid.TaskInfo;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.verdict.VerdictPolicy;
import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Does the simulator's PBS say what the real one said, where the backend listens? The fixtures'
 * scenarios are replayed on the simulated cluster (same job ids, same scripts, same moments), and
 * both answers go through the backend's parsers: every field a task's status is made of (state,
 * PBS's state letter, exit status, comment, words, never-runs, ids, name) must agree; only times differ.
 */
class PbsSimulatorFidelityTest {

    /** The fixtures' states.sh: 0 exit 0; 1 exit 3; 2 kill -9 $$; 3 and 4 sleep (deleted); 5 ends on its own. */
    private static final String STATES_SH = """
            #!/bin/bash
            cd "$PBS_O_WORKDIR"
            echo "index $PBS_ARRAY_INDEX ($PBS_JOBID) starting"
            case $PBS_ARRAY_INDEX in
                0) exit 0 ;;
                1) exit 3 ;;
                2) kill -9 $$ ;;
                3|4) sleep 600 ;;
                5) sleep 1; exit 0 ;;
            esac
            """;

    @TempDir
    Path dir;

    private Simulator sim;
    private SimulatedCommandRunner runner;
    private Path fx;
    private final PbsProScheduler pbs = new PbsProScheduler();

    private void cluster(Consumer<SimConfig.Builder> tweak) throws Exception {
        SimConfig.Builder b = SimConfig.builder(Scheduler.OPENPBS).user("pbsuser").uid(1000).coresPerNode(8).memoryMbPerNode(8192)
                .pbsHome(dir.resolve("home")).spoolDir(dir.resolve("spool"));
        tweak.accept(b);
        sim = Simulator.start(b.build());
        runner = new SimulatedCommandRunner(sim);
        fx = Files.createDirectories(dir.resolve("home/fx"));
        Files.writeString(fx.resolve("states.sh"), STATES_SH);
        Files.writeString(fx.resolve("job.sh"), "#!/bin/bash\n#PBS -N hello\ncd \"$PBS_O_WORKDIR\"\necho hello\n");
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private CommandResult sh(String... argv) throws Exception {
        return runner.run(Command.of(fx, argv), Duration.ofSeconds(30));
    }

    private static List<TaskInfo> tasks(Query q) {
        assertThat(q).isInstanceOf(Query.Answer.class);
        return ((Query.Answer) q).tasks();
    }

    private List<TaskInfo> simulated(boolean history, String... argv) throws Exception {
        CommandResult r = sh(argv);
        return tasks(history ? pbs.parseAccounting(r) : pbs.parseStatus(r));
    }

    private List<TaskInfo> captured(String fixture, boolean history) {
        CommandResult r = Fixture.pbs(fixture).result();
        return tasks(history ? pbs.parseAccounting(r) : pbs.parseStatus(r));
    }

    /** The fields status is made of, times taken out of PBS's comments ("Job run at Wed Nov 25 at 10:29 on …"). */
    private static List<String> fields(List<TaskInfo> tasks) {
        return tasks.stream().sorted(Comparator.comparing(TaskInfo::arrayId).thenComparing(TaskInfo::index))
                .map(t -> String.join(" | ", t.arrayId(), Integer.toString(t.index()), t.state().toString(), t.nativeState(),
                        untimed(t.reason()), untimed(t.detail()), Boolean.toString(t.neverRuns()), t.exitCode(), t.taskJobId(), t.name()))
                .toList();
    }

    private static String untimed(String s) {
        return s.replaceAll("at [A-Z][a-z]{2} [A-Z][a-z]{2} +\\d+ at \\d\\d:\\d\\d", "at <time>");
    }

    private void submitStates(long id) throws Exception {
        sim.cluster().setNextJobId(id);
        assertThat(pbs.parseSubmit(sh("qsub", "-J", "0-5%1", "-N", "states", "states.sh")))
                .isEqualTo(new SubmitOutcome.Accepted(id + "[].pbshost"));
        await("subjobs 0-2 to end and 3 to run").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<TaskInfo> t = simulated(false, "qstat", "-f", "-F", "json", "-t", id + "[].pbshost");
            return t.size() == 6 && t.get(3).state() == EntryState.RUNNING && t.subList(0, 3).stream().allMatch(TaskInfo::ended);
        });
    }

    private void deleteThreeAndFourAndAwaitTheEnd(long id) throws Exception {
        assertThat(sh("qdel", id + "[4].pbshost").exitCode()).isZero();
        assertThat(sh("qdel", id + "[3].pbshost").exitCode()).isZero();
        await("the array to end").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> sh("qstat", "-f", "-F", "json", "-t", id + "[].pbshost").exitCode() != 0);
    }

    @Test
    void theStatesArrayReadsTheSameWithHistory() throws Exception {
        cluster(b -> b.pbsHistory(true));
        assertThat(pbs.parseConfig(sh("qstat", "-Bf", "-F", "json").stdout()))
                .isEqualTo(pbs.parseConfig(Fixture.pbs("qstat_Bf_json").stdout()));
        submitStates(10);
        assertThat(fields(simulated(false, "qstat", "-f", "-F", "json", "-t", "10[].pbshost")))
                .isEqualTo(fields(captured("qstat_fjson_t_states_running", false))).hasSize(6);
        deleteThreeAndFourAndAwaitTheEnd(10);
        assertThat(fields(simulated(false, "qstat", "-f", "-F", "json", "-t", "10[].pbshost")))
                .isEqualTo(fields(captured("qstat_fjson_states_done_no_x", false))).isEmpty();
        assertThat(fields(simulated(true, "qstat", "-f", "-F", "json", "-x", "-t", "10[].pbshost")))
                .isEqualTo(fields(captured("qstat_fjson_xt_states_done", true))).hasSize(6);
    }

    @Test
    void theStatesArrayReadsTheSameWithoutHistory() throws Exception {
        cluster(b -> b.pbsHistory(false));
        SchedulerLimits off = pbs.parseConfig(sh("qstat", "-Bf", "-F", "json").stdout());
        assertThat(off).isEqualTo(pbs.parseConfig(Fixture.pbs("nohist_qstat_Bf_json").stdout()));
        assertThat(off.accounting()).isFalse();
        submitStates(1);
        assertThat(fields(simulated(false, "qstat", "-f", "-F", "json", "-t", "1[].pbshost")))
                .isEqualTo(fields(captured("nohist_qstat_fjson_t_states_running", false))).hasSize(6);
        assertThat(pbs.parseAccounting(sh("qstat", "-f", "-F", "json", "-x", "-t", "1[].pbshost")))
                .isInstanceOf(Query.Unavailable.class)
                .isEqualTo(pbs.parseAccounting(Fixture.pbs("nohist_qstat_fjson_xt_states_running").result()));
        deleteThreeAndFourAndAwaitTheEnd(1);
        assertThat(fields(simulated(false, "qstat", "-f", "-F", "json", "-t", "1[].pbshost")))
                .isEqualTo(fields(captured("nohist_qstat_fjson_t_states_done", false))).isEmpty();
        assertThat(pbs.cancelled(sh("qdel", "1[].pbshost"))).isTrue();
    }

    @Test
    void aWalltimeKillReadsTheSameFromHistoryAndFromPbssOutputFile() throws Exception {
        cluster(b -> b.pbsHistory(true).clockSpeedup(5));
        sim.cluster().setNextJobId(11);
        sh("qsub", "-J", "0-1", "-N", "wt", "-l", "walltime=00:00:05", "--", "/bin/sleep", "60");
        await("both subjobs to be killed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> sh("qstat", "-f", "-F", "json", "-t", "11[].pbshost").exitCode() != 0);
        assertThat(fields(simulated(true, "qstat", "-f", "-F", "json", "-x", "-t", "11[].pbshost")))
                .isEqualTo(fields(captured("qstat_fjson_xt_walltime_done", true))).hasSize(2);
        Resources r = Resources.defaults();
        String simulated = Files.readString(fx.resolve("wt.e11.0")).replaceAll("walltime \\d+", "walltime N");
        String real = Fixture.pbs("cat_walltime_stderr").stdout().replaceAll("walltime \\d+", "walltime N");
        VerdictPolicy verdicts = new VerdictPolicy(pbs.killNotices(), pbs.withoutHistory());
        assertThat(verdicts.vanished(r, simulated)).isEqualTo(verdicts.vanished(r, real));
        assertThat(verdicts.vanished(r, real).state()).isEqualTo(EntryState.TIMEOUT);
    }

    @Test
    void aJobThatCanNeverRunReadsTheSame() throws Exception {
        cluster(b -> b.pbsHistory(true));
        sim.cluster().setNextJobId(23);
        sh("qsub", "-N", "big", "-l", "select=1:ncpus=64", "--", "/bin/true");
        await("the scheduler's comment").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> simulated(false, "qstat", "-f", "-F", "json", "23.pbshost").get(0).neverRuns());
        assertThat(fields(simulated(false, "qstat", "-f", "-F", "json", "23.pbshost")))
                .isEqualTo(fields(captured("qstat_fjson_never_run", false)));
        assertThat(pbs.cancelled(sh("qdel", "23.pbshost"))).isTrue();
        assertThat(fields(simulated(true, "qstat", "-f", "-F", "json", "-x", "23.pbshost")))
                .isEqualTo(fields(captured("qstat_fjson_x_deleted_queued_plain", true)));
    }

    @Test
    void qsubsAnswersReadTheSame() throws Exception {
        cluster(b -> b.pbsHistory(true));
        for (String[] c : List.of(new String[] {"qsub_err_J_0_0", "-J", "0-0", "job.sh"},
                new String[] {"qsub_err_J_too_big", "-J", "0-20000", "job.sh"},
                new String[] {"qsub_err_queue", "-q", "nosuch", "job.sh"},
                new String[] {"qsub_err_unknown_resource", "-l", "foo=1", "job.sh"},
                new String[] {"qsub_err_mem_fraction", "-l", "select=1:ncpus=1:mem=1.5gb", "job.sh"})) {
            List<String> argv = new java.util.ArrayList<>(List.of("qsub"));
            argv.addAll(List.of(c).subList(1, c.length));
            SubmitOutcome simulated = pbs.parseSubmit(sh(argv.toArray(String[]::new)));
            SubmitOutcome real = pbs.parseSubmit(Fixture.pbs(c[0]).result());
            assertThat(simulated.getClass()).as(c[0]).isEqualTo(real.getClass());
            if (real instanceof SubmitOutcome.Rejected rejected) {
                String advice = rejected.hint().substring(rejected.hint().indexOf("what to change: "));
                assertThat(((SubmitOutcome.Rejected) simulated).hint()).as(c[0]).endsWith(advice);
            }
        }
    }
}
