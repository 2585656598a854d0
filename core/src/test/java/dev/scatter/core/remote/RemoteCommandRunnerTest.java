package dev.scatter.core.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scheduler's argv through a real shell on the other side: every word arrives as it left. */
class RemoteCommandRunnerTest {

    @TempDir
    Path dir;

    private final LocalShell shell = new LocalShell();
    private final RemoteCommandRunner runner = new RemoteCommandRunner(shell);

    @Test
    void shouldPassEveryWordThroughTheRemoteShellIntact() throws Exception {
        List<String> hostile = List.of("it's", "$(touch pwned)", "`touch pwned2`", "two  spaces", "ünïcödé ✓", "a\nb", "*", ";");
        List<String> argv = new java.util.ArrayList<>(List.of("printf", "<%s>"));
        argv.addAll(hostile);
        CommandResult r = runner.run(Command.of(dir, argv), Duration.ofSeconds(10));

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo(String.join("", hostile.stream().map(h -> "<" + h + ">").toList()));
        try (var files = Files.list(dir)) {
            assertThat(files).as("nothing ran as shell code").isEmpty();
        }
        assertThat(shell.roundTrips()).isEqualTo(1);
    }

    @Test
    void shouldRunInTheDirectoryWithItsEnvironmentAndInput() throws Exception {
        Path spaced = Files.createDirectories(dir.resolve("my dir"));
        CommandResult r = runner.run(new Command(List.of("sh", "-c", "pwd; echo \"$X\"; cat"), spaced, Map.of("X", "a 'b'"), "in\n"),
                Duration.ofSeconds(10));
        assertThat(r.stdout()).isEqualTo(spaced.toRealPath() + "\na 'b'\nin\n");
    }

    @Test
    void shouldRunInTheHomeDirectoryWhenTheDirectoryIsNotThereYet() throws Exception {
        CommandResult r = runner.run(Command.of(dir.resolve("not yet"), "sh", "-c", "pwd"), Duration.ofSeconds(10));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().strip()).isEqualTo(Path.of(System.getProperty("user.home")).toRealPath().toString());
    }

    @Test
    void shouldKeepTheCommandsOwnStatusAndStderr() throws Exception {
        CommandResult r = runner.run(Command.of(dir, "sh", "-c", "echo no >&2; exit 3"), Duration.ofSeconds(10));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).isEqualTo("no\n");
    }
}
