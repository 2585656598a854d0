package dev.scatter.sim;

import dev.scatter.sim.queue.TaskState;
import dev.scatter.sim.testing.SimHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Dependencies, holds, backfill and sbatch --wait on the neutral queue. */
class SchedulingTest {

    @Test
    void startsAnAfterokJobOnlyWhenItsDependencySucceeded() {
        try (SimHarness h = SimHarness.slurm(b -> { })) {
            h.sh("sbatch --parsable --wrap='sleep 0.5'");
            h.sh("sbatch --parsable --dependency=afterok:1 --wrap=true");
            h.awaitTask(2, -1, t -> t.reason() != dev.scatter.sim.queue.WaitReason.NONE, Duration.ofSeconds(5));
            assertThat(h.sh("squeue -h -j 2 -o %T|%r").stdout()).isEqualTo("PENDING|Dependency\n");
            h.awaitState(2, -1, TaskState.COMPLETED, Duration.ofSeconds(10));

            h.sh("sbatch --parsable --wrap='exit 1'");
            h.sh("sbatch --parsable --dependency=afterok:3 --wrap=true");
            h.awaitTask(4, -1, t -> t.reason() == dev.scatter.sim.queue.WaitReason.DEPENDENCY_NEVER, Duration.ofSeconds(10));
            assertThat(h.sh("squeue -h -j 4 -o %T|%r").stdout()).isEqualTo("PENDING|DependencyNeverSatisfied\n");
            assertThat(h.sh("sbatch --dependency=afterok:999 --wrap=true").stderr())
                    .isEqualTo("sbatch: error: Batch job submission failed: Job dependency problem\n");
        }
    }

    @Test
    void keepsAHeldJobUntilReleased() {
        try (SimHarness h = SimHarness.slurm(b -> { })) {
            h.sh("sbatch --parsable --hold --wrap=true");
            h.awaitTask(1, -1, t -> t.reason() == dev.scatter.sim.queue.WaitReason.HELD, Duration.ofSeconds(5));
            assertThat(h.sh("squeue -h -o %T|%r|%Q").stdout()).isEqualTo("PENDING|JobHeldUser|0\n");
            assertThat(h.sh("scontrol release 1").exitCode()).isZero();
            h.awaitState(1, -1, TaskState.COMPLETED, Duration.ofSeconds(10));
        }
    }

    @Test
    void backfillsSmallJobsPastOneThatDoesNotFit() {
        try (SimHarness h = SimHarness.slurm(b -> b.coresPerNode(4))) {
            h.sh("sbatch --parsable -c 3 --wrap='sleep 30'");
            h.awaitRunning(1, -1);
            h.sh("sbatch --parsable -c 4 --wrap=true");
            h.sh("sbatch --parsable -c 1 --wrap='sleep 30'");
            h.awaitRunning(3, -1);
            assertThat(h.sh("squeue -h -j 2 -o %T|%r").stdout()).isEqualTo("PENDING|Resources\n");
        }
    }

    @Test
    void waitsForTheJobWithSbatchWait() {
        try (SimHarness h = SimHarness.slurm(b -> { })) {
            Reply r = h.sh("sbatch --wait --wrap='exit 7'");
            assertThat(r.stdout()).isEqualTo("Submitted batch job 1\n");
            assertThat(r.exitCode()).isEqualTo(7);
        }
    }

    @Test
    void holdsAPbsJobOnItsDependency() {
        try (SimHarness h = SimHarness.pbs(Scheduler.OPENPBS, b -> b.pbsHistory(true))) {
            h.sh("qsub -- /bin/sleep 0.5");
            assertThat(h.sh("qsub -W depend=afterok:0.pbshost -- /bin/true").stdout()).isEqualTo("1.pbshost\n");
            h.awaitTask(1, -1, t -> t.reason() == dev.scatter.sim.queue.WaitReason.DEPENDENCY, Duration.ofSeconds(5));
            assertThat(h.sh("qstat 1.pbshost").stdout()).contains(" H workq");
            h.awaitState(1, -1, TaskState.COMPLETED, Duration.ofSeconds(10));
        }
    }
}
