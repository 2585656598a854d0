package dev.scatter.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import dev.scatter.core.grid.ArraySubmission;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Plan;
import dev.scatter.core.model.RemoteTarget;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.model.TimeLimit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The #SBATCH header and the sbatch command lines, as golden text per option combination. */
class SlurmScriptGeneratorTest {

    private static final Path WORKDIR = Path.of("/home/ana/proj");

    private static String header(Resources r, Path workdir) {
        return header(r, workdir, Optional.empty());
    }

    private static String header(Resources r, Path workdir, Optional<RemoteTarget> remote) {
        RunSpec spec = new RunSpec("7", "fit", Instant.EPOCH, remote.map(t -> Path.of(t.dir())).orElse(workdir), "range 1..10",
                List.of(), 10, 0, List.of("fit", "{}"), false, r, 1, "slurm", true, "9f2c1a0b7d3e4f55", false, Optional.empty(),
                Optional.empty(), Optional.empty(), remote);
        AttemptSpec attempt = new AttemptSpec(1, Instant.EPOCH, "initial", r,
                new Plan(IntStream.rangeClosed(1, 10).boxed().toList(), 1));
        AttemptDir dir = new RunDir(workdir.resolve(".scatter/runs/7")).attempt(1);
        return String.join("\n", SlurmScriptGenerator.header(spec, attempt, dir)) + "\n";
    }

    @Test
    void shouldPointARemoteRunsHeaderAtItsCopyOnTheCluster() {
        RemoteTarget cluster = new RemoteTarget("ana@login.hpc", "/home/ana/.scatter-remote/my proj");
        assertThat(header(Resources.defaults(), Path.of("/Users/ana/proj"), Optional.of(cluster))).isEqualTo("""
                #SBATCH --job-name=sc-7-1
                #SBATCH --chdir="/home/ana/.scatter-remote/my proj"
                #SBATCH --output="/home/ana/.scatter-remote/my proj/.scatter/runs/7/attempts/1/slurm/%A_%a.log"
                #SBATCH --no-requeue
                #SBATCH --cpus-per-task=1
                """);
    }

    @Test
    void shouldWriteTheDefaultsHeader() {
        assertThat(header(Resources.defaults(), WORKDIR)).isEqualTo("""
                #SBATCH --job-name=sc-7-1
                #SBATCH --chdir=/home/ana/proj
                #SBATCH --output=/home/ana/proj/.scatter/runs/7/attempts/1/slurm/%A_%a.log
                #SBATCH --no-requeue
                #SBATCH --cpus-per-task=1
                """);
    }

    @Test
    void shouldWriteEveryResourceInSlurmsOwnNotation() {
        Resources r = new Resources(4, Optional.of(MemorySize.parse("4G", "--mem")), Optional.of(TimeLimit.parse("26:03:04", "-t")),
                2, Optional.of("gpu"), Optional.of("proj42"), Optional.of(10), List.of("--qos=high", "--constraint=\"a&b\""));
        assertThat(header(r, WORKDIR)).isEqualTo("""
                #SBATCH --job-name=sc-7-1
                #SBATCH --chdir=/home/ana/proj
                #SBATCH --output=/home/ana/proj/.scatter/runs/7/attempts/1/slurm/%A_%a.log
                #SBATCH --no-requeue
                #SBATCH --cpus-per-task=4
                #SBATCH --mem=4G
                #SBATCH --time=1-02:03:04
                #SBATCH --gpus=2
                #SBATCH --partition=gpu
                #SBATCH --account=proj42
                #SBATCH --qos=high
                #SBATCH --constraint="a&b"
                """);
    }

    @Test
    void shouldWriteMegabytesAndMinutes() {
        Resources r = Resources.defaults().withMemory(MemorySize.parse("100M", "--mem")).withTime(TimeLimit.parse("1", "-t"));
        assertThat(header(r, WORKDIR)).contains("#SBATCH --mem=100M\n#SBATCH --time=00:01:00\n");
    }

    @Test
    void shouldQuoteBlanksAndDoubleThePercentSignsOfAPath() {
        assertThat(header(Resources.defaults(), Path.of("/home/ana/my 100% proj"))).isEqualTo("""
                #SBATCH --job-name=sc-7-1
                #SBATCH --chdir="/home/ana/my 100% proj"
                #SBATCH --output="/home/ana/my 100%% proj/.scatter/runs/7/attempts/1/slurm/%A_%a.log"
                #SBATCH --no-requeue
                #SBATCH --cpus-per-task=1
                """);
    }

    @Test
    void shouldSubmitTheFirstArrayWithItsThrottleAndNoOffset() {
        ArraySubmission a = new ArraySubmission(0, 0, 1000, "sc-7-1-0-9f2c1a", Optional.of(10), Optional.empty(),
                List.of(), Path.of("/p/task.sh"), WORKDIR);
        assertThat(SlurmScriptGenerator.submitCommand(a)).containsExactly("sbatch", "--parsable", "--job-name=sc-7-1-0-9f2c1a",
                "--array=0-1000%10", "--export=ALL,SCATTER_INDEX_OFFSET=0", "/p/task.sh");
    }

    @Test
    void shouldSubmitALaterArrayFromIndexZeroWithItsOffsetAfterTheOneBefore() {
        ArraySubmission a = new ArraySubmission(2, 2002, 2499, "sc-7-1-2-9f2c1a", Optional.of(10), Optional.of("2503"),
                List.of(), Path.of("/p/task.sh"), WORKDIR);
        assertThat(SlurmScriptGenerator.submitCommand(a)).containsExactly("sbatch", "--parsable", "--job-name=sc-7-1-2-9f2c1a",
                "--array=0-497%10", "--export=ALL,SCATTER_INDEX_OFFSET=2002", "--dependency=afterany:2503", "/p/task.sh");
        assertThat(SlurmScriptGenerator.submitCommand(a.withoutAfter())).doesNotContain("--dependency=afterany:2503");
    }

    @Test
    void shouldSubmitWithoutAThrottleWhenMaxRunningIsNotGiven() {
        ArraySubmission a = new ArraySubmission(0, 0, 0, "n", Optional.empty(), Optional.empty(), List.of(), Path.of("/p/task.sh"), WORKDIR);
        assertThat(SlurmScriptGenerator.submitCommand(a)).contains("--array=0-0");
    }

    @Test
    void shouldWaitForTheBeforeStepAndThePreviousArrayTogether() {
        ArraySubmission a = new ArraySubmission(1, 1001, 1500, "n", Optional.of(5), Optional.of("2503"), List.of("2490", "2491"),
                Path.of("/p/task.sh"), WORKDIR);
        assertThat(SlurmScriptGenerator.submitCommand(a)).contains("--dependency=afterany:2503,afterok:2490:2491");
    }

    @Test
    void shouldRefuseSchedulerOptionsThatTakeOverWhatScatterSetsPerArray() {
        for (String opt : List.of("--array=1-3", "-a 1-3", "--job-name=x", "-J x", "--export=NONE", "--dependency=afterok:1",
                "--arr=1-2")) {
            Resources r = new Resources(1, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of(opt));
            assertThatThrownBy(() -> SlurmScriptGenerator.check(r)).as(opt).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("--sched-opt '" + opt + "': scatter sets");
        }
        SlurmScriptGenerator.check(new Resources(1, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of("--qos=high", "--mail-type=END", "-C haswell", "--exclusive")));
    }
}
