package dev.scatter.pbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import dev.scatter.core.grid.ArraySubmission;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Plan;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.model.TimeLimit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The #PBS headers and qsub command lines of PBS Pro and Torque, as golden text per option combination. */
class PbsScriptGeneratorTest {

    private static final Path WORKDIR = Path.of("/home/ana/proj");
    private static final Resources FULL = new Resources(4, Optional.of(MemorySize.parse("4G", "--mem")),
            Optional.of(TimeLimit.parse("26:03:04", "-t")), 2, Optional.of("gpu"), Optional.of("proj42"), Optional.of(10),
            List.of("-l place=excl", "-W group_list=\"lab a\""));

    private static String header(PbsScriptGenerator g, Resources r, Path workdir) {
        RunSpec spec = new RunSpec("7", "fit", Instant.EPOCH, workdir, "range 1..10", List.of(), 10, 0, List.of("fit", "{}"),
                false, r, 1, "pbs-pro", true, "9f2c1a0b7d3e4f55", false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        AttemptSpec attempt = new AttemptSpec(1, Instant.EPOCH, "initial", r, new Plan(IntStream.rangeClosed(1, 10).boxed().toList(), 1));
        AttemptDir dir = new RunDir(workdir.resolve(".scatter/runs/7")).attempt(1);
        return String.join("\n", g.header(spec, attempt, dir)) + "\n";
    }

    private static ArraySubmission array(int first, int last, Optional<Integer> max, Optional<String> after, List<String> afterOk) {
        return new ArraySubmission(1, first, last, "sc-7-1-1-9f2c1a", max, after, afterOk, Path.of("/p/task.sh"), WORKDIR);
    }

    @Test
    void shouldWriteThePbsProDefaultsHeader() {
        assertThat(header(new PbsScriptGenerator(), Resources.defaults(), WORKDIR)).isEqualTo("""
                #PBS -N sc-7-1
                #PBS -j oe
                #PBS -o /home/ana/proj/.scatter/runs/7/attempts/1/pbs/
                #PBS -l select=1:ncpus=1
                """);
    }

    @Test
    void shouldWriteEveryPbsProResourceInPbssOwnNotation() {
        assertThat(header(new PbsScriptGenerator(), FULL, WORKDIR)).isEqualTo("""
                #PBS -N sc-7-1
                #PBS -j oe
                #PBS -o /home/ana/proj/.scatter/runs/7/attempts/1/pbs/
                #PBS -l select=1:ncpus=4:mem=4gb:ngpus=2
                #PBS -l walltime=26:03:04
                #PBS -q gpu
                #PBS -A proj42
                #PBS -l place=excl
                #PBS -W group_list="lab a"
                """);
    }

    @Test
    void shouldWriteMegabytesAndQuoteAPathWithBlanks() {
        Resources r = Resources.defaults().withMemory(MemorySize.parse("100M", "--mem")).withTime(TimeLimit.parse("1", "-t"));
        assertThat(header(new PbsScriptGenerator(), r, Path.of("/home/ana/my proj"))).isEqualTo("""
                #PBS -N sc-7-1
                #PBS -j oe
                #PBS -o "/home/ana/my proj/.scatter/runs/7/attempts/1/pbs/"
                #PBS -l select=1:ncpus=1:mem=100mb
                #PBS -l walltime=00:01:00
                """);
    }

    @Test
    void shouldWriteTheTorqueHeaderWithNodesAndPpn() {
        assertThat(header(new TorqueScriptGenerator(), FULL, WORKDIR)).isEqualTo("""
                #PBS -N sc-7-1
                #PBS -j oe
                #PBS -o /home/ana/proj/.scatter/runs/7/attempts/1/pbs/
                #PBS -l nodes=1:ppn=4:gpus=2,mem=4gb,walltime=26:03:04
                #PBS -q gpu
                #PBS -A proj42
                #PBS -l place=excl
                #PBS -W group_list="lab a"
                """);
        assertThat(header(new TorqueScriptGenerator(), Resources.defaults(), WORKDIR)).endsWith("#PBS -l nodes=1:ppn=1\n");
    }

    @Test
    void shouldSubmitAnArrayFromIndexZeroWithItsThrottleOffsetAndFullName() {
        assertThat(new PbsScriptGenerator().submitCommand(array(1000, 1999, Optional.of(10), Optional.empty(), List.of())))
                .containsExactly("qsub", "-N", "sc-7-1-1-9f2c1a", "-J", "0-999%10", "-v",
                        "SCATTER_INDEX_OFFSET=1000,SCATTER_JOB_NAME=sc-7-1-1-9f2c1a", "/p/task.sh");
        assertThat(new TorqueScriptGenerator().submitCommand(array(0, 5, Optional.empty(), Optional.empty(), List.of())))
                .containsExactly("qsub", "-N", "sc-7-1-1-9f2c1a", "-t", "0-5", "-v",
                        "SCATTER_INDEX_OFFSET=0,SCATTER_JOB_NAME=sc-7-1-1-9f2c1a", "/p/task.sh");
    }

    @Test
    void shouldSubmitOneTaskAsAPlainJobToldItsIndex() {
        // -J 0-0 is illegal (fixtures qsub_err_J_0_0)
        assertThat(new PbsScriptGenerator().submitCommand(array(7, 7, Optional.of(3), Optional.empty(), List.of())))
                .containsExactly("qsub", "-N", "sc-7-1-1-9f2c1a", "-v",
                        "SCATTER_TASK_INDEX=0,SCATTER_INDEX_OFFSET=7,SCATTER_JOB_NAME=sc-7-1-1-9f2c1a", "/p/task.sh");
    }

    @Test
    void shouldWaitForThePreviousArrayAndTheBeforeStep() {
        ArraySubmission a = array(1000, 1500, Optional.of(5), Optional.of("2503[].pbshost"), List.of("2490.pbshost"));
        assertThat(new PbsScriptGenerator().submitCommand(a)).containsSubsequence("-W",
                "depend=afterany:2503[].pbshost,afterok:2490.pbshost");
        // Torque names array dependencies apart (afteranyarray, afterokarray)
        ArraySubmission then = array(0, 0, Optional.empty(), Optional.empty(), List.of("2503[].pbshost", "2504[].pbshost", "2490.pbshost"));
        assertThat(new TorqueScriptGenerator().submitCommand(a)).containsSubsequence("-W",
                "depend=afteranyarray:2503[].pbshost,afterok:2490.pbshost");
        assertThat(new TorqueScriptGenerator().submitCommand(then)).containsSubsequence("-W",
                "depend=afterok:2490.pbshost,afterokarray:2503[].pbshost,afterokarray:2504[].pbshost");
        assertThat(new PbsScriptGenerator().submitCommand(a.withoutAfter())).containsSubsequence("-W", "depend=afterok:2490.pbshost");
    }

    @Test
    void shouldShortenAndCleanJobNames() {
        assertThat(PbsScriptGenerator.shortName("sc-1234-12-3-9f2c1a")).isEqualTo("sc-1234-12-3-9f");
        assertThat(PbsScriptGenerator.shortName("7 (fit)")).isEqualTo("s7__fit_");
    }

    @Test
    void shouldRefuseSchedulerOptionsThatTakeOverWhatScatterSets() {
        for (String opt : List.of("-J 1-3", "-N x", "-o /tmp", "-e x", "-j oe", "-v FOO=1", "-W depend=afterok:1", "-Wblock=true", "-z")) {
            Resources r = new Resources(1, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of(opt));
            assertThatThrownBy(() -> new PbsScriptGenerator().check(r)).as(opt).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("--sched-opt '" + opt + "': scatter sets");
        }
        Resources torque = new Resources(1, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of("-t 0-3"));
        assertThatThrownBy(() -> new TorqueScriptGenerator().check(torque)).isInstanceOf(UsageException.class);
        new PbsScriptGenerator().check(new Resources(1, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of("-l place=excl", "-V", "-W group_list=lab", "-m n", "-P proj")));
    }
}
