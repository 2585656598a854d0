package dev.scatter.core.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How scatter calls ssh and reads what ssh says, with a stand-in program named by SCATTER_SSH (a
 * real process that behaves as ssh(1) documents: the remote command's status, or 255 for its own
 * failures). The real ssh to a real sshd is RemoteSlurmCliTest's.
 */
class SshShellTest {

    @TempDir
    Path dir;

    private SshShell shell(String script, boolean interactive) throws IOException {
        Path program = dir.resolve("fake-ssh");
        Files.writeString(program, "#!/bin/bash\n" + script);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        return new SshShell("ana@hpc", new SshShell.Options(program.toString(), Optional.of(dir.resolve("cfg")),
                dir.resolve("ctl"), interactive));
    }

    @Test
    void shouldShareOneConnectionAndNameTheCommandLast() throws Exception {
        SshShell ssh = shell("printf '%s\\n' \"$@\"; cat", false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RemoteShell.Exit exit = ssh.exec("echo 'a b'", o -> o.write("input".getBytes(StandardCharsets.UTF_8)), in -> in.transferTo(out));

        assertThat(exit.ok()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n", "-F", dir.resolve("cfg").toString(),
                "-o", "ControlMaster=auto", "-o", "ControlPath=" + dir.resolve("ctl") + "/scatter-%C", "-o", "ControlPersist=10m",
                "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4", "-o", "BatchMode=yes",
                "ana@hpc", "--", "echo 'a b'") + "\ninput");
        assertThat(ssh.roundTrips()).isEqualTo(1);
        assertThat(dir.resolve("ctl")).isDirectory();
    }

    @Test
    void shouldLetSshAskOnATerminal() throws Exception {
        SshShell ssh = shell("printf '%s\\n' \"$@\"", true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ssh.exec("true", RemoteShell.Stdin.NONE, in -> in.transferTo(out));
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("BatchMode");
    }

    @Test
    void shouldReturnTheRemoteStatusAndStderr() throws Exception {
        RemoteShell.Exit exit = shell("echo 'sbatch: error: invalid partition' >&2; exit 1", false)
                .exec("sbatch", RemoteShell.Stdin.NONE, RemoteShell.Stdout.DISCARD);
        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.stderr()).contains("invalid partition");
    }

    @Test
    void shouldSayHowToLogInByHandWhenSshWantedAPassword() throws Exception {
        SshShell ssh = shell("echo 'ana@hpc: Permission denied (publickey,keyboard-interactive).' >&2; exit 255", false);
        assertThatThrownBy(() -> ssh.exec("true", RemoteShell.Stdin.NONE, RemoteShell.Stdout.DISCARD))
                .isInstanceOf(RemoteShell.Unreachable.class)
                .hasMessageContaining("cannot log in to ana@hpc over ssh without a prompt (ana@hpc: Permission denied")
                .hasMessageContaining("-o ControlMaster=auto -o ControlPath=")
                .hasMessageContaining(" ana@hpc true` once in a terminal")
                .hasMessageNotContaining("BatchMode")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldReportAnUnreachableHostInOneLine() throws Exception {
        SshShell ssh = shell("echo 'ssh: connect to host hpc port 22: Connection refused' >&2; exit 255", false);
        assertThatThrownBy(() -> ssh.exec("true", RemoteShell.Stdin.NONE, RemoteShell.Stdout.DISCARD))
                .isInstanceOf(RemoteShell.Unreachable.class)
                .hasMessage("cannot reach ana@hpc over ssh (ssh: connect to host hpc port 22: Connection refused): check that `"
                        + dir.resolve("fake-ssh") + " ana@hpc true` works, then try again");
    }

    @Test
    void shouldEndAConnectionThatHangs() throws Exception {
        SshShell ssh = shell("exec sleep 30", false);
        long start = System.nanoTime();
        assertThatThrownBy(() -> ssh.exec("true", RemoteShell.Stdin.NONE, RemoteShell.Stdout.DISCARD, Duration.ofMillis(300)))
                .isInstanceOf(RemoteShell.Unreachable.class).hasMessageContaining("no answer from ana@hpc");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void shouldNotMindACommandThatStopsReadingItsInput() throws Exception {
        RemoteShell.Exit exit = shell("exec true", false).exec("true", o -> {
            byte[] block = new byte[1 << 16];
            for (int i = 0; i < 64; i++) {
                o.write(block);
            }
        }, RemoteShell.Stdout.DISCARD);
        assertThat(exit.ok()).isTrue();
    }

    @Test
    void shouldFailWhenWhatWasToBeSentCouldNotBeRead() throws Exception {
        SshShell ssh = shell("cat > /dev/null", false);
        assertThatThrownBy(() -> ssh.exec("tar -xf -", o -> {
            throw new IOException("attempts/1/commands: Permission denied");
        }, RemoteShell.Stdout.DISCARD)).isInstanceOf(IOException.class)
                .hasMessage("could not send to ana@hpc: attempts/1/commands: Permission denied");
    }
}
