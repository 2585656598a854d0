package dev.scatter.pbs;

import static dev.scatter.core.model.EntryState.CANCELLED;
import static dev.scatter.core.model.EntryState.FAILED;
import static dev.scatter.core.model.EntryState.QUEUED;
import static dev.scatter.core.model.EntryState.RUNNING;
import static dev.scatter.core.model.EntryState.SUCCEEDED;
import static dev.scatter.core.model.EntryState.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.grid.Query;
import dev.scatter.core.grid.TaskInfo;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.TimeLimit;
import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.verdict.VerdictPolicy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Torque's qstat -t -x (XML). No real Torque output was captured: the documents below are what
 * the simulator's Torque dialect printed for {@code qsub -t 0-5%2 s.sh} (0 exit 0, 1 exit 3,
 * 2 kill -9, 3-5 sleep; 3 deleted, 4 and 5 over their walltime), trimmed to one line per job's
 * fields that matter, in the element layout of Xenon's fixtures/torque/jobs.xml.
 */
class TorqueStatusParserTest {

    private final TorqueStatusParser parser = new TorqueStatusParser("torque");
    private static final TorqueScheduler TORQUE = new TorqueScheduler();
    /** Core's verdict policy with Torque's state tables and kill notices. */
    private static final VerdictPolicy VERDICTS = new VerdictPolicy(TORQUE.killNotices(), TORQUE.withoutHistory());

    private static String job(int index, String state, String exit, String extra) {
        return "<Job><Job_Id>0[" + index + "].pbshost</Job_Id><Job_Name>states</Job_Name><job_state>" + state + "</job_state>"
                + "<Resource_List><nodect>1</nodect><nodes>1</nodes><walltime>00:00:30</walltime></Resource_List>"
                + "<Hold_Types>n</Hold_Types>"
                + "<Variable_List>PBS_O_HOME=/home/u,PBS_O_WORKDIR=/home/u/fx,SCATTER_JOB_NAME=sc-1-1-0-abc,PBS_O_HOST=pbshost</Variable_List>"
                + (exit == null ? "" : "<exit_status>" + exit + "</exit_status>")
                + "<submit_args>-t 0-5%2 -N states -l walltime=00:00:30 s.sh</submit_args>" + extra
                + "<job_array_id>" + index + "</job_array_id></Job>";
    }

    private static final String RUNNING_ARRAY = "<Data>" + job(0, "C", "0", "<comp_time>1795613631</comp_time>")
            + job(1, "C", "3", "") + job(2, "C", "265", "") + job(3, "R", null, "<Walltime><Remaining>16</Remaining></Walltime>")
            + job(4, "R", null, "") + job(5, "Q", null, "") + "</Data>\n";
    private static final String DONE_ARRAY = "<Data>" + job(3, "C", "271", "") + job(4, "C", "-11", "") + job(5, "C", "-11", "")
            + "</Data>";

    private Map<Integer, TaskInfo> tasks(String xml) {
        Query q = parser.query(new CommandResult(Command.of(Path.of("/tmp"), "qstat", "-t", "-x"), 0, xml, ""), false);
        assertThat(q).isInstanceOf(Query.Answer.class);
        return ((Query.Answer) q).tasks().stream().collect(Collectors.toMap(TaskInfo::index, Function.identity()));
    }

    @Test
    void shouldReadCompletedRunningAndQueuedSubjobs() {
        Map<Integer, TaskInfo> t = tasks(RUNNING_ARRAY);
        assertThat(t.values()).allMatch(x -> x.arrayId().equals("0[].pbshost") && x.name().equals("sc-1-1-0-abc"));
        assertThat(t.get(0).state()).isEqualTo(SUCCEEDED);
        assertThat(t.get(0).end()).hasValue(Instant.ofEpochSecond(1795613631));
        assertThat(t.get(1).state()).isEqualTo(FAILED);
        assertThat(t.get(2).detail()).isEqualTo("killed by signal 9");
        assertThat(t.get(3).state()).isEqualTo(RUNNING);
        assertThat(t.get(5).state()).isEqualTo(QUEUED);
        assertThat(t.get(5).detail()).as("two run, %2 in submit_args").isEqualTo("held back by --max-running (the array's %2 limit)");
    }

    @Test
    void shouldReadTorquesOwnExitCodes() {
        Map<Integer, TaskInfo> t = tasks(DONE_ARRAY);
        assertThat(t.get(3).state()).isEqualTo(CANCELLED);
        assertThat(t.get(4).state()).as("-11: JOB_EXEC_OVERLIMIT_WT").isEqualTo(TIMEOUT);
        assertThat(VERDICTS.ended(TORQUE.end(t.get(4)), Resources.defaults().withTime(TimeLimit.parse("30s", "-t")), "").detail())
                .isEqualTo("time limit 00:00:30 exceeded (Exit_status -11): killed by Torque over its walltime");
    }

    @Test
    void shouldAnswerNothingForNoJobsAndUnknownIds() {
        assertThat(tasks("")).isEmpty();
        Query unknown = parser.query(new CommandResult(Command.of(Path.of("/tmp"), "qstat", "-t", "-x", "99[].pbshost"), 153, "",
                "qstat: Unknown Job Id 99[].pbshost\n"), false);
        assertThat(((Query.Answer) unknown).tasks()).isEmpty();
    }

    @Test
    void shouldQuoteOutputThatIsNotXml() {
        Query q = parser.query(new CommandResult(Command.of(Path.of("/tmp"), "qstat", "-t", "-x"), 0,
                "Job ID  Name  User\n------\n", ""), false);
        assertThat(((Query.Failed) q).message()).startsWith("[torque] qstat -x printed something that is not XML")
                .endsWith("it begins: 'Job ID  Name  User'");
    }

    @Test
    void shouldCallTorquesConnectionErrorsTransient() {
        // what the simulator prints for Torque (not captured: an approximation of Torque 6's client)
        Query q = parser.query(new CommandResult(Command.of(Path.of("/tmp"), "qstat", "-t", "-x"), 1, "",
                "Cannot connect to specified server host 'pbshost'.\nqstat: cannot connect to server pbshost (errno=111) Connection refused\n"),
                false);
        assertThat(q).isInstanceOf(Query.Transient.class);
        assertThat(VERDICTS.vanished(Resources.defaults(), "").detail()).contains("keep_completed");
        assertThat(List.of(VERDICTS.ended(TORQUE.end(tasks(RUNNING_ARRAY).get(0)), Resources.defaults(), "").state()))
                .as("ended 0 without records").containsExactly(dev.scatter.core.model.EntryState.LOST);
    }
}
