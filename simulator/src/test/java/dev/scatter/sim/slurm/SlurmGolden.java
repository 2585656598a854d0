package dev.scatter.sim.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Reply;
import dev.scatter.sim.testing.SimHarness;

/** Comparisons shared by the SLURM golden tests: each runs the fixture's own command line. */
final class SlurmGolden {

    private SlurmGolden() {
    }

    /** stdout, stderr and exit status exactly as captured. */
    static void assertSame(SimHarness h, Fixture f) {
        Reply r = h.run(f.argv());
        assertThat(r.stderr()).as("stderr of " + f.name()).isEqualTo(f.stderr());
        assertThat(r.stdout()).as("stdout of " + f.name()).isEqualTo(f.stdout());
        assertThat(r.exitCode()).as("exit of " + f.name()).isEqualTo(f.exit());
    }

    /**
     * Exit status and stderr exactly as captured; returns stdout for the test to compare, after
     * normalizing what may differ (times, tie order).
     */
    static String stdoutOf(SimHarness h, Fixture f) {
        Reply r = h.run(f.argv());
        assertThat(r.exitCode()).as("exit of " + f.name()).isEqualTo(f.exit());
        assertThat(r.stderr()).as("stderr of " + f.name()).isEqualTo(f.stderr());
        return r.stdout();
    }
}
