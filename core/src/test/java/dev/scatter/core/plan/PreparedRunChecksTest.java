package dev.scatter.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import dev.scatter.core.input.InputOptions;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.LiveView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link PreparedRun#prepare} refuses or warns about before anything is written. */
class PreparedRunChecksTest {

    @TempDir
    Path dir;

    @BeforeEach
    void scripts() throws IOException {
        Files.createDirectories(dir.resolve("scripts"));
        for (String name : List.of("a.sh", "b.sh", "c.sh")) {
            Files.writeString(dir.resolve("scripts").resolve(name), "echo " + name + "\n");
        }
        Files.writeString(dir.resolve("in.txt"), "x\ny\n");
    }

    // ------------------------------------------------------------------ --glob expanded by the shell

    @Test
    void refusesAGlobTheShellExpandedWithTheRestInTheCommand() {
        // scatter run --glob scripts/*.sh -- wc -l, as scatter receives it from the shell
        assertThatThrownBy(() -> prepare(glob("scripts/a.sh"), "scripts/b.sh", "scripts/c.sh", "--", "wc", "-l"))
                .isInstanceOf(UsageException.class)
                .hasMessage("the shell expanded --glob's pattern before scatter saw it: quote it, e.g. --glob 'scripts/*.sh'");
        // ... and without the --
        assertThatThrownBy(() -> prepare(glob("scripts/a.sh"), "scripts/b.sh", "wc", "-l"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("the shell expanded --glob's pattern");
        // two files: one is left in the command, before the user's --
        assertThatThrownBy(() -> prepare(glob(dir + "/scripts/a.sh"), dir + "/scripts/b.sh", "--", "wc", "-l"))
                .isInstanceOf(UsageException.class).hasMessageEndingWith("e.g. --glob '" + dir + "/scripts/*.sh'");
    }

    @Test
    void takesAGlobWithoutWildcardsThatTheShellLeftAlone() {
        assertThat(prepare(glob("scripts/*.sh"), "wc", "-l").inputs().size()).isEqualTo(3);
        // one file, and a command that is a script of its own or takes a --
        assertThat(prepare(glob("scripts/a.sh"), "wc", "-l").inputs().size()).isEqualTo(1);
        assertThat(prepare(glob("in.txt"), "scripts/b.sh", "{}").inputs().size()).isEqualTo(1);
        assertThat(prepare(glob("scripts/a.sh"), "git", "diff", "--", "{}").inputs().size()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ --param no placeholder uses

    @Test
    void refusesAParamNoPlaceholderUses() {
        assertThatThrownBy(() -> prepare(params("k=1,2", "seed=1,2"), "echo", "{k}"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--param seed is used by no placeholder in the command: add {seed} to the command, or drop the --param");
        assertThatThrownBy(() -> prepare(params("k=1,2", "seed=1,2", "rep=1..3"), "echo {#}"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--param k, seed and rep are used by no placeholder in the command: add {k}, {seed}"
                        + " and {rep} to the command, or drop them");
    }

    @Test
    void aParamIsUsedByItsNameItsColumnTheWholeEntryOrWhenAppended() {
        assertThat(prepare(params("k=1,2", "seed=1,2"), "echo", "{k}", "{seed/}").inputs().size()).isEqualTo(4);
        assertThat(prepare(params("k=1,2", "seed=1,2"), "echo {1} {2}").inputs().size()).isEqualTo(4);
        assertThat(prepare(params("k=1,2", "seed=1,2"), "echo", "{}").inputs().size()).isEqualTo(4);
        assertThat(prepare(params("k=1,2", "seed=1,2"), "echo").inputs().size()).isEqualTo(4);
    }

    // ------------------------------------------------------------------ the entry appended

    @Test
    void warnsOnceWhenTheEntryIsAppendedForWantOfAPlaceholder() {
        String appended = "no placeholder in the command: each entry is appended as its last argument ({} was assumed)";
        assertThat(prepare(lines("in.txt"), "echo {foo}").warnings()).containsExactly(appended);
        assertThat(prepare(lines("in.txt"), "wc", "-l").warnings()).containsExactly(appended);
        assertThat(prepare(params("k=1,2", "m=a,b"), "echo").warnings()).containsExactly("no placeholder in the command:"
                + " each entry's columns are appended as its last arguments ({1} {2} was assumed)");
        assertThat(prepare(lines("in.txt"), "echo {} {foo}").warnings()).isEmpty();
        assertThat(prepare(lines("in.txt"), "echo", "{#}").warnings()).isEmpty();
    }

    // ------------------------------------------------------------------ thread variables over the guard

    @Test
    void warnsOnceWhenAnInheritedThreadVariableExceedsTheCpus() {
        assertThat(threadWarnings(Map.of("OMP_NUM_THREADS", "4"), 1, true, true)).containsExactly("OMP_NUM_THREADS=4 is set in"
                + " your environment and wins over the thread guard (-c 1): tasks may oversubscribe their cores; unset it,"
                + " or pass --no-thread-guard to silence this");
        assertThat(threadWarnings(Map.of("OMP_NUM_THREADS", "8,2", "MKL_NUM_THREADS", "16", "PATH", "/bin"), 4, true, true))
                .containsExactly("OMP_NUM_THREADS=8,2 and MKL_NUM_THREADS=16 are set in your environment and win over the"
                        + " thread guard (-c 4): tasks may oversubscribe their cores; unset them, or pass --no-thread-guard"
                        + " to silence this");
    }

    @Test
    void saysNothingOfThreadVariablesWithinTheCpusSilencedOrNotInherited() {
        assertThat(threadWarnings(Map.of("OMP_NUM_THREADS", "4"), 4, true, true)).isEmpty();
        assertThat(threadWarnings(Map.of("OMP_NUM_THREADS", "1", "GOMAXPROCS", "auto"), 1, true, true)).isEmpty();
        assertThat(threadWarnings(Map.of("OMP_NUM_THREADS", "4"), 1, false, true)).as("--no-thread-guard").isEmpty();
        assertThat(threadWarnings(Map.of("OMP_NUM_THREADS", "4"), 1, true, false)).as("PBS: qsub without -V").isEmpty();
    }

    private List<String> threadWarnings(Map<String, String> env, int cpus, boolean guard, boolean inherit) {
        Resources r = new Resources(cpus, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        RunRequest request = new RunRequest(dir, lines("in.txt"), List.of("echo", "{}"), r, ChunkSize.parse("1"),
                Optional.empty(), guard, Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                "test", false, env);
        return PreparedRun.prepare(request, new AcceptingBackend(inherit), InputStream.nullInputStream()).warnings();
    }

    // ------------------------------------------------------------------ helpers

    private static InputOptions glob(String pattern) {
        return new InputOptions(Optional.empty(), Optional.empty(), Optional.of(pattern), Optional.empty(), List.of(), Optional.empty());
    }

    private static InputOptions params(String... params) {
        return new InputOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(params), Optional.empty());
    }

    private static InputOptions lines(String file) {
        return new InputOptions(Optional.of(file), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    private PreparedRun prepare(InputOptions inputs, String... command) {
        RunRequest request = new RunRequest(dir, inputs, List.of(command), Resources.defaults(), ChunkSize.parse("1"),
                Optional.empty(), true, Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                "test", false, Map.of());
        return PreparedRun.prepare(request, new AcceptingBackend(true), InputStream.nullInputStream());
    }

    /** A backend that takes any resources; nothing here starts a task. */
    private record AcceptingBackend(boolean tasksInheritEnvironment) implements Backend {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public Mode mode() {
            return Mode.EXECUTES;
        }

        @Override
        public void check(Resources resources) {
        }

        @Override
        public List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir d) {
            return List.of();
        }

        @Override
        public List<String> describeLaunch(RunSpec spec, AttemptSpec attempt, AttemptDir d) {
            return List.of();
        }

        @Override
        public void start(RunDir run, AttemptDir attempt, Progress progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LiveView live(RunDir run) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel(RunDir run, AttemptDir attempt, Set<Integer> tasks) {
            throw new UnsupportedOperationException();
        }
    }
}
