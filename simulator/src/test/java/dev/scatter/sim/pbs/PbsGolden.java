package dev.scatter.sim.pbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Reply;
import dev.scatter.sim.testing.Normalize;
import dev.scatter.sim.testing.PbsJsonShape;
import dev.scatter.sim.testing.SimHarness;

/** Comparisons shared by the PBS golden tests: paths of the test's home and times may differ. */
final class PbsGolden {

    private PbsGolden() {
    }

    static String text(SimHarness h, String s) {
        return Normalize.times(h.fixturePaths(s, "/home/pbsuser"))
                .replaceAll("\"timestamp\":\\d+", "\"timestamp\":T").replaceAll("history_timestamp = \\d+", "history_timestamp = T");
    }

    /** Exit status and stderr exactly; stdout after normalizing paths and times. */
    static void assertSame(SimHarness h, Fixture f) {
        Reply r = h.run(f.argv());
        assertThat(text(h, r.stderr())).as("stderr of " + f.name()).isEqualTo(text(h, f.stderr()));
        assertThat(text(h, r.stdout())).as("stdout of " + f.name()).isEqualTo(text(h, f.stdout()));
        assertThat(r.exitCode()).as("exit of " + f.name()).isEqualTo(f.exit());
    }

    /** qstat -F json: same jobs, attributes, order and types (see PbsJsonShape). */
    static void assertSameJson(SimHarness h, Fixture f) {
        Reply r = h.run(f.argv());
        assertThat(r.exitCode()).as("exit of " + f.name()).isEqualTo(f.exit());
        assertThat(r.stderr()).as("stderr of " + f.name()).isEqualTo(f.stderr());
        PbsJsonShape.assertSameShape(f.stdout(), r.stdout(), s -> text(h, s));
    }
}
