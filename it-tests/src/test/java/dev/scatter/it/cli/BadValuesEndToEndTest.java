package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values that used to give a wrong run quietly (issue 12), through the packaged CLI as a user meets them. */
class BadValuesEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aGlobTheShellExpandedIsRefusedAndTheQuotedOneRuns() throws IOException {
        Files.createDirectories(dir.resolve("scripts"));
        for (String name : new String[] {"a.sh", "b.sh", "c.sh"}) {
            Files.writeString(dir.resolve("scripts").resolve(name), "echo " + name + "\n");
        }
        ScatterCli scatter = new ScatterCli(dir);
        // what bash hands over for: scatter run --glob scripts/*.sh -- wc -l
        var expanded = scatter.run("run", "--backend", "local", "--glob", "scripts/a.sh", "scripts/b.sh", "scripts/c.sh",
                "--", "wc", "-l");
        assertThat(expanded.exitCode()).as(expanded.toString()).isEqualTo(2);
        assertThat(expanded.stderr()).isEqualTo("scatter: the shell expanded --glob's pattern before scatter saw it: quote it,"
                + " e.g. --glob 'scripts/*.sh'\n");
        assertThat(dir.resolve(".scatter/runs/1")).doesNotExist();

        var quoted = scatter.run("run", "--backend", "local", "--glob", "scripts/*.sh", "--", "wc", "-l");
        assertThat(quoted.exitCode()).as(quoted.toString()).isZero();
        assertThat(quoted.stdout()).contains("all 3 entries succeeded");
        assertThat(quoted.stderr()).containsOnlyOnce("scatter: warning: no placeholder in the command: each entry is appended"
                + " as its last argument ({} was assumed)");
        assertThat(scatter.run("gather").stdout()).isEqualTo("1 scripts/a.sh\n1 scripts/b.sh\n1 scripts/c.sh\n");
    }

    @Test
    void anInheritedThreadVariableOverTheCpusIsAWarningAndTheRunGoesOn() {
        ScatterCli scatter = new ScatterCli(dir, Map.of("OMP_NUM_THREADS", "4"));
        var run = scatter.run("run", "--backend", "local", "-c", "1", "--range", "1..2", "--", "echo $OMP_NUM_THREADS {}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).containsOnlyOnce("scatter: warning: OMP_NUM_THREADS=4 is set in your environment and wins"
                + " over the thread guard (-c 1): tasks may oversubscribe their cores; unset it, or pass --no-thread-guard"
                + " to silence this\n");
        // the warning is true: the inherited value reached the tasks
        assertThat(scatter.run("gather").stdout()).isEqualTo("4 1\n4 2\n");

        var silenced = scatter.run("run", "--backend", "local", "-c", "1", "--no-thread-guard", "--range", "1..2", "--",
                "echo $OMP_NUM_THREADS {}");
        assertThat(silenced.exitCode()).as(silenced.toString()).isZero();
        assertThat(silenced.stderr()).doesNotContain("warning");
    }
}
