package dev.scatter.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.grid.SchedulerLimits;
import dev.scatter.core.grid.Selector;
import dev.scatter.fixtures.Fixture;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** SLURM's command lines, exactly, and what scatter reads from scontrol show config. */
class SlurmSchedulerTest {

    private final SlurmScheduler slurm = new SlurmScheduler();

    @Test
    void shouldAskSqueueOnceForEveryTaskOfEveryArrayWithASeparatorFormat() {
        assertThat(slurm.statusCommand(Selector.ids(List.of("2501", "2503")))).containsExactly(
                "squeue", "-r", "-h", "-t", "all", "-j", "2501,2503", "-o", "%F|%K|%A|%T|%r|%e|%j");
    }

    @Test
    void shouldLookUpUnconfirmedSubmissionsByName() {
        LocalDateTime since = LocalDateTime.of(2026, 11, 25, 10, 0, 0);
        Selector names = Selector.names(List.of("sc-7-1-0-9f2c1a", "sc-7-1-1-9f2c1a"), since.atZone(ZoneId.systemDefault()).toInstant());
        assertThat(slurm.statusCommand(names)).containsExactly(
                "squeue", "-r", "-h", "-t", "all", "--name=sc-7-1-0-9f2c1a,sc-7-1-1-9f2c1a", "-o", "%F|%K|%A|%T|%r|%e|%j");
        assertThat(slurm.accountingCommand(names)).containsExactly("sacct", "-P", "-n", "-X",
                "--name=sc-7-1-0-9f2c1a,sc-7-1-1-9f2c1a", "-S", "2026-11-25T10:00:00", "-o",
                "JobID,JobIDRaw,State,ExitCode,Reason,End,JobName");
    }

    @Test
    void shouldAskAccountingForAllocationsOnly() {
        assertThat(slurm.accountingCommand(Selector.ids(List.of("39")))).containsExactly(
                "sacct", "-P", "-n", "-X", "-j", "39", "-o", "JobID,JobIDRaw,State,ExitCode,Reason,End,JobName");
    }

    @Test
    void shouldCancelWholeArraysByIdAndSingleTasksAsRangesInFewCommands() {
        Map<String, SortedSet<Integer>> tasks = Map.of("2503", new TreeSet<>(List.of(3, 4, 5, 9, 11, 12)));
        assertThat(slurm.cancelCommands(List.of("2501", "2502"), tasks)).containsExactly(
                List.of("scancel", "2501", "2502", "2503_[3-5,9,11-12]"));
        List<String> many = IntStream.range(0, 450).mapToObj(i -> Integer.toString(1000 + i)).collect(Collectors.toList());
        List<List<String>> commands = slurm.cancelCommands(many, Map.of());
        assertThat(commands).hasSize(3);
        assertThat(commands.get(0)).hasSize(201).startsWith("scancel", "1000");
        assertThat(commands.get(2)).hasSize(51).endsWith("1449");
    }

    @Test
    void shouldReadTheLimitsFromScontrolShowConfig() {
        SchedulerLimits l = slurm.parseConfig(Fixture.slurm("scontrol_show_config").stdout());
        assertThat(l.maxArraySize()).isEqualTo(1001);
        assertThat(l.minJobAge()).isEqualTo(Duration.ofSeconds(300));
        assertThat(l.accounting()).isTrue();
        assertThat(l.version()).isEqualTo("22.05.8");
        assertThat(slurm.parseConfig(Fixture.slurm("minjobage10_config").stdout()).minJobAge()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldKeepSlurmsDefaultsForWhatTheConfigurationDoesNotSay() {
        SchedulerLimits l = slurm.parseConfig("AccountingStorageType   = accounting_storage/none\nMaxArraySize = lots\n");
        assertThat(l.maxArraySize()).isEqualTo(1001);
        assertThat(l.accounting()).isFalse();
        assertThat(slurm.configCommand()).containsExactly("scontrol", "show", "config");
    }
}
