package dev.scatter.pbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.BackendException;
import dev.scatter.core.grid.GridTuning;
import dev.scatter.core.grid.SchedulerLimits;
import dev.scatter.core.grid.Selector;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.fixtures.Fixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The command lines of both flavours, exactly, what they read from the server's configuration, and the flavour check. */
class PbsSchedulerTest {

    private final PbsProScheduler pro = new PbsProScheduler();
    private final TorqueScheduler torque = new TorqueScheduler();

    @Test
    void shouldAskForOneArrayByIdAndForSeveralWithoutAnOperand() {
        // some qstat versions print only the first of several ids: one operand, or none and keep ours
        assertThat(pro.statusCommand(Selector.ids(List.of("2501[].pbshost")))).containsExactly(
                "qstat", "-f", "-F", "json", "-t", "2501[].pbshost");
        assertThat(pro.statusCommand(Selector.ids(List.of("2501[].pbshost", "2502.pbshost")))).containsExactly(
                "qstat", "-f", "-F", "json", "-t");
        assertThat(pro.statusCommand(Selector.names(List.of("sc-7-1-0-9f2c1a"), Instant.EPOCH))).containsExactly(
                "qstat", "-f", "-F", "json", "-t");
        assertThat(pro.accountingCommand(Selector.ids(List.of("2501[].pbshost")))).containsExactly(
                "qstat", "-f", "-F", "json", "-x", "-t", "2501[].pbshost");
        assertThat(torque.statusCommand(Selector.ids(List.of("2501[].pbshost")))).containsExactly("qstat", "-t", "-x", "2501[].pbshost");
        assertThat(torque.statusCommand(Selector.ids(List.of("1.s", "2.s")))).containsExactly("qstat", "-t", "-x");
    }

    @Test
    void shouldDeleteWholeArraysAndSubjobRangesInFewCommands() {
        Map<String, SortedSet<Integer>> tasks = Map.of("2503[].pbshost", new TreeSet<>(List.of(3, 4, 5, 9, 11, 12)));
        assertThat(pro.cancelCommands(List.of("2501[].pbshost", "2502.pbshost"), tasks)).containsExactly(List.of("qdel",
                "2501[].pbshost", "2502.pbshost", "2503[3-5].pbshost", "2503[9].pbshost", "2503[11-12].pbshost"));
        assertThat(torque.cancelCommands(List.of(), Map.of("8[].s", new TreeSet<>(List.of(1, 2))))).containsExactly(
                List.of("qdel", "8[1].s", "8[2].s"));
        List<String> many = IntStream.range(0, 450).mapToObj(i -> (1000 + i) + "[].pbshost").collect(Collectors.toList());
        List<List<String>> commands = pro.cancelCommands(many, Map.of());
        assertThat(commands).hasSize(3);
        assertThat(commands.get(2)).hasSize(51).endsWith("1449[].pbshost");
    }

    @Test
    void shouldTreatQdelOfJobsThatAlreadyEndedAsDone() {
        for (String f : List.of("qdel_array", "qdel_array_again", "qdel_subjob_again", "qdel_finished_subjob", "qdel_unknown",
                "nohist_qdel_finished_array")) {
            assertThat(pro.cancelled(Fixture.pbs(f).result())).as(f).isTrue();
        }
        assertThat(pro.cancelled(Fixture.pbs("qdel_bad_syntax").result())).isFalse();
    }

    @Test
    void shouldReadMaxArraySizeHistoryAndVersionFromTheServer() {
        SchedulerLimits on = pro.parseConfig(Fixture.pbs("qstat_Bf_json").stdout());
        assertThat(on.maxArraySize()).isEqualTo(10000);
        assertThat(on.accounting()).as("job_history_enable = True").isTrue();
        assertThat(on.version()).isEqualTo("23.06.06");
        assertThat(on.source()).isEqualTo("qstat -Bf -F json, PBS 23.06.06, job history on");
        SchedulerLimits off = pro.parseConfig(Fixture.pbs("nohist_qstat_Bf_json").stdout());
        assertThat(off.accounting()).as("the key is absent when history is off (trap PBS 5)").isFalse();
        assertThat(off.minJobAge()).isZero();
        assertThat(pro.parseConfig("").maxArraySize()).isEqualTo(10000);
        assertThat(pro.parseConfig("not json").accounting()).isFalse();
        assertThat(pro.configCommand()).containsExactly("qstat", "-Bf", "-F", "json");
    }

    @Test
    void shouldReadTorquesServerSettings() {
        SchedulerLimits l = torque.parseConfig("Server: pbshost\n    max_job_array_size = 500\n    keep_completed = 300\n"
                + "    pbs_version = 6.1.3\n");
        assertThat(l.maxArraySize()).isEqualTo(500);
        assertThat(l.minJobAge()).isEqualTo(Duration.ofSeconds(300));
        assertThat(l.accounting()).isFalse();
        assertThat(torque.parseConfig("").maxArraySize()).isEqualTo(1000);
    }

    @Test
    void shouldPutPbssOwnOutputFileInTheAttemptNamedAfterTheSubjob() {
        var attempt = new RunDir(Path.of("/w/.scatter/runs/7")).attempt(2);
        assertThat(pro.schedulerLog(attempt, "2503[].pbshost", 4)).isEqualTo(Path.of("/w/.scatter/runs/7/attempts/2/pbs/2503[4].pbshost.OU"));
        assertThat(pro.schedulerLog(attempt, "2504.pbshost", 0)).isEqualTo(Path.of("/w/.scatter/runs/7/attempts/2/pbs/2504.pbshost.OU"));
    }

    @Test
    void shouldTellPbsProFromTorqueByQstatVersion() {
        assertThat(PbsBackend.flavour(Fixture.pbs("qstat_version").stdout())).isInstanceOf(PbsProScheduler.class);
        assertThat(PbsBackend.flavour("Version: 6.1.3\nCommit: 2b5d1c3\n")).isInstanceOf(TorqueScheduler.class);
        assertThat(PbsBackend.flavour("qstat: unknown option\n").name()).isEqualTo("pbs-pro");
        CommandRunner missing = (command, timeout) -> {
            throw new IOException("Cannot run program \"qstat\": error=2, No such file or directory");
        };
        assertThatThrownBy(() -> PbsBackend.detect(missing)).isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot run qstat --version").hasMessageContaining("--backend pbs-pro");
        CommandRunner torqueRunner = (command, timeout) -> new CommandResult(command, 0, "Version: 6.1.3\n", "");
        assertThat(PbsBackend.create(torqueRunner, GridTuning.cluster()).name()).isEqualTo("torque");
    }
}
