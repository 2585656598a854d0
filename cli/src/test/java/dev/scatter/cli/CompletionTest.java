package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script, sourced in a real bash, completes commands, options, their values and run ids. */
@QuarkusMainTest
class CompletionTest {

    @TempDir
    Path dir;

    private Path script;

    @BeforeEach
    void writeScript(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult r = launcher.launch("completion", "bash");
        assertThat(r.exitCode()).isZero();
        script = Files.writeString(dir.resolve("scatter.bash"), r.getOutput() + "\n");
        Files.createDirectories(dir.resolve("project/.scatter/runs/3"));
        Files.createDirectories(dir.resolve("project/.scatter/runs/12"));
    }

    /** What bash offers for the words typed so far (the last one may be partial). */
    private List<String> complete(String... words) throws IOException, InterruptedException {
        String quoted = String.join(" ", Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String probe = "source " + script + " 2>/dev/null\n"
                + "COMP_WORDS=(" + quoted + "); COMP_CWORD=$((${#COMP_WORDS[@]}-1))\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_scatter 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "--norc", "-c", probe).directory(dir.resolve("project").toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void commands() throws Exception {
        assertThat(complete("scatter", "re")).containsExactlyInAnyOrder("report", "retry", "resume");
        assertThat(complete("scatter", "sim", "st")).containsExactlyInAnyOrder("start", "stop", "status");
    }

    @Test
    void options() throws Exception {
        assertThat(complete("scatter", "run", "--ch")).containsExactly("--chunk");
        assertThat(complete("scatter", "gather", "--allow")).containsExactly("--allow-missing");
    }

    @Test
    void optionValues() throws Exception {
        assertThat(complete("scatter", "run", "--backend", "")).containsExactly("auto", "local", "slurm", "pbs", "pbs-pro", "torque");
        assertThat(complete("scatter", "sim", "start", "--dialect", "t")).containsExactly("torque");
        assertThat(complete("scatter", "retry", "--state", "t")).containsExactly("timeout");
        assertThat(complete("scatter", "completion", "")).containsExactly("bash", "zsh");
    }

    @Test
    void runIdsOfTheDirectoryTabIsPressedIn() throws Exception {
        assertThat(complete("scatter", "status", "")).containsExactlyInAnyOrder("3", "12");
        assertThat(complete("scatter", "gather", "1")).containsExactly("12");
    }

    /** zsh loads the same script through bashcompinit (the script turns it on); where zsh is installed. */
    @Test
    void zshRegistersTheSameFunction(QuarkusMainLauncher launcher) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")), "zsh is not installed");
        LaunchResult r = launcher.launch("completion", "zsh");
        assertThat(r.exitCode()).isZero();
        Path zsh = Files.writeString(dir.resolve("scatter.zsh"), r.getOutput() + "\n");
        Process p = new ProcessBuilder("zsh", "-f", "-c", "source " + zsh + " && complete -p scatter")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("complete -F _complete_scatter");
    }
}
