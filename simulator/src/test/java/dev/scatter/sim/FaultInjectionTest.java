package dev.scatter.sim;

import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.sim.queue.TaskState;
import dev.scatter.sim.testing.SimHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each fault the plan injects, driven through the handle as tests (and scatter's own tests) would. */
class FaultInjectionTest {

    private SimHarness h;

    @BeforeEach
    void cluster() {
        h = SimHarness.slurm(b -> b.nodes(2).coresPerNode(2).memoryMbPerNode(4000));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void failsTheNextSubmissionsWithSlurmsTransientError() {
        h.sim().faults().failNextSubmissions(2);
        for (int i = 0; i < 2; i++) {
            Reply r = h.sh("sbatch --parsable --wrap=true");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).isIn(
                    "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation\n",
                    "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)\n");
        }
        assertThat(h.sh("sbatch --parsable --wrap=true").stdout()).isEqualTo("1\n");
    }

    @Test
    void failsStatusQueriesTransiently() {
        h.sim().faults().failNextStatusQueries(2);
        Reply squeue = h.sh("squeue -h");
        assertThat(squeue.exitCode()).isEqualTo(1);
        assertThat(squeue.stderr()).startsWith("slurm_load_jobs error: ");
        Reply sacct = h.sh("sacct -P -n");
        assertThat(sacct.exitCode()).isEqualTo(1);
        assertThat(sacct.stderr()).contains("sacct: error: Problem talking to the database: Connection refused");
        assertThat(h.sh("squeue -h").exitCode()).isZero();
    }

    @Test
    void failsAtTheConfiguredRateReproduciblyForASeed() {
        h.sim().faults().failStatusQueries(0.5);
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            first.append(h.sh("squeue -h").exitCode());
        }
        try (SimHarness again = SimHarness.slurm(b -> { })) {
            again.sim().faults().failStatusQueries(0.5);
            StringBuilder second = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                second.append(again.sh("squeue -h").exitCode());
            }
            assertThat(second.toString()).isEqualTo(first.toString()).contains("0", "1");
        }
    }

    @Test
    void answersSlowlyAndTimesOutThroughTheRunner() throws Exception {
        h.sim().faults().slowResponses(1.0, Duration.ofMillis(400));
        CommandRunner runner = new SimulatedCommandRunner(h.sim());
        assertThatThrownBy(() -> runner.run(Command.of(h.fx(), "squeue", "-h"), Duration.ofMillis(100)))
                .isInstanceOf(CommandRunner.CommandTimeoutException.class);
        long t0 = System.nanoTime();
        assertThat(runner.run(Command.of(h.fx(), "squeue", "-h"), Duration.ofSeconds(5)).exitCode()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void endsTheTasksOfANodeThatGoesDownWithNodeFail() {
        h.sh("sbatch --parsable --wrap='sleep 60'");
        h.awaitRunning(1, -1);
        String node = h.sim().cluster().read(() -> h.job(1).tasks().get(0).nodes().get(0));
        h.sim().faults().nodeDown(node);
        h.awaitState(1, -1, TaskState.NODE_FAIL, Duration.ofSeconds(10));
        assertThat(h.sh("sacct -P -n -X -j 1 -o JobID,State,ExitCode,NodeList").stdout()).isEqualTo("1|NODE_FAIL|0:0|" + node + "\n");
        assertThat(h.sh("squeue -h -t all -j 1 -o %i|%T|%r").stdout()).isEqualTo("1|NODE_FAIL|NodeDown\n");
        // the other node still runs work; the failed one takes none until it is back
        h.sh("sbatch --parsable -c 2 --wrap='true'");
        h.awaitState(2, -1, TaskState.COMPLETED, Duration.ofSeconds(10));
        assertThat(h.sim().cluster().read(() -> h.job(2).tasks().get(0).nodes().get(0))).isNotEqualTo(node);
        h.sim().faults().nodeUp(node);
    }

    @Test
    void makesJobsVanishFromTheQueueButNotFromAccounting() {
        h.sh("sbatch --parsable --wrap='sleep 60'");
        h.awaitRunning(1, -1);
        h.sim().faults().vanish(1);
        assertThat(h.sh("squeue -h -j 1").exitCode()).isEqualTo(1);
        assertThat(h.sh("sacct -P -n -X -j 1 -o State").stdout()).isEqualTo("RUNNING\n");

        h.sim().faults().vanishFinishedJobs(1.0);
        h.sh("sbatch --parsable --wrap=true");
        h.awaitJobFinished(2, Duration.ofSeconds(10));
        assertThat(h.sh("squeue -h -t all -j 2").stderr()).isEqualTo("slurm_load_jobs error: Invalid job id specified\n");
        assertThat(h.sh("sacct -P -n -X -j 2 -o State").stdout()).isEqualTo("COMPLETED\n");
    }

    @Test
    void speedsTheClockUpSoALimitOfOneMinuteKillsAfterOneSecond() {
        h.sim().faults().clockSpeedup(60);
        long t0 = System.nanoTime();
        h.sh("sbatch --parsable --time=1 --wrap='sleep 600'");
        h.awaitState(1, -1, TaskState.TIMEOUT, Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        String elapsed = h.sh("sacct -P -n -X -j 1 -o State,Elapsed,Timelimit").stdout();
        assertThat(elapsed).matches("TIMEOUT\\|00:01:0\\d\\|00:01:00\n");
    }

    @Test
    void failsPbsCommandsTransientlyToo() {
        try (SimHarness pbs = SimHarness.pbs(Scheduler.OPENPBS, b -> { })) {
            pbs.sim().faults().failNextSubmissions(1).failNextStatusQueries(1);
            Reply qsub = pbs.sh("qsub -- /bin/true");
            assertThat(qsub.exitCode()).isNotZero();
            assertThat(qsub.stderr()).contains("qsub: cannot connect to server pbshost");
            assertThat(pbs.sh("qstat").stderr()).contains("qstat: cannot connect to server pbshost");
            assertThat(pbs.sh("qsub -- /bin/true").stdout()).isEqualTo("0.pbshost\n");
        }
    }
}
