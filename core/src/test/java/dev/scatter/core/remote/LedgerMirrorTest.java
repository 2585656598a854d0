package dev.scatter.core.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import dev.scatter.core.ledger.RunDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror against a real "cluster": a temporary directory reached through {@link LocalShell}
 * (bash, find, awk, tail, GNU tar of this machine), with jobs played by writing its files directly.
 */
class LedgerMirrorTest {

    /** Bytes a reader could trip on: NUL, invalid UTF-8 (a lone continuation byte, 0xFF, a cut sequence), no final newline. */
    private static final byte[] BINARY = {'a', 0, 'b', (byte) 0x80, (byte) 0xFF, '\n', (byte) 0xC3, 0, '\r', 'z'};

    @TempDir
    Path tmp;

    private final LocalShell shell = new LocalShell();
    private Path local;
    private Path remote;
    private RunDir run;
    private LedgerMirror mirror;

    @BeforeEach
    void aRunWrittenByTheEngine() throws IOException {
        local = tmp.resolve("laptop/proj/.scatter/runs/3");
        remote = tmp.resolve("cluster/home/u/.scatter-remote/proj/.scatter/runs/3");   // its parents do not exist yet
        run = new RunDir(local);
        mirror = new LedgerMirror(shell, remote.toString());
        Path attempt = local.resolve("attempts/1");
        Files.createDirectories(attempt.resolve("tasks"));
        Files.createDirectories(attempt.resolve("slurm"));
        write(local.resolve("spec.json"), "{\"id\":\"3\",\"command\":\"echo {}\"}\n");
        write(local.resolve("entries.jsonl"), "[\"a\"]\n[\"b c\"]\n");
        write(local.resolve("lock"), "");
        write(local.resolve("executor.json"), "{\"pid\":42}\n");
        write(attempt.resolve("attempt.json"), "{\"reason\":\"initial\"}\n");
        write(attempt.resolve("task.sh"), "#!/bin/bash\n#SBATCH --array=0-1\necho run\n");
        Files.setPosixFilePermissions(attempt.resolve("task.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(attempt.resolve("commands"), bytes("1 echo a\0", "2 printf '\\377' \"b c\"\0", new String(BINARY, StandardCharsets.ISO_8859_1)));
        write(attempt.resolve("tasks.idx"), "000000000000 000000000009\n000000000009 000000000021\n");
        write(local.resolve("attempts/1/" + "n".repeat(120) + " with spaces.json"), "{}\n");   // over tar's 100-byte name field
    }

    @Test
    void aCreatingPushMakesTheClustersCopyEqualTheLocalOneButForTheLocksAndTheExecutor() throws Exception {
        mirror.push(run, true);

        assertThat(shell.roundTrips()).isEqualTo(1);
        assertThat(tree(remote)).isEqualTo(tree(local));
        assertThat(Files.getPosixFilePermissions(remote.resolve("attempts/1/task.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(remote.resolve("attempts/1/tasks")).isEmptyDirectory();
        assertThat(remote.resolve("attempts/1/slurm")).isEmptyDirectory();
        assertThat(remote.resolve("lock")).doesNotExist();
        assertThat(remote.resolve("executor.json")).doesNotExist();
        assertThat(remote.resolve(LedgerMirror.MANIFEST)).doesNotExist();
        assertThat(local.resolve(LedgerMirror.MANIFEST)).isRegularFile();
    }

    @Test
    void aPushSendsOnlyWhatChangedAndNothingAtAllWithoutARoundTrip() throws Exception {
        mirror.push(run, true);
        mirror.push(run, false);
        assertThat(shell.roundTrips()).as("nothing changed: no round trip").isEqualTo(1);

        Files.writeString(local.resolve("attempts/1/submissions.jsonl"), "{\"id\":\"2501\"}\n");
        Files.createDirectories(local.resolve("attempts/2/tasks"));
        Files.writeString(local.resolve("executor.json"), "{\"pid\":43}\n");   // excluded: no reason to push
        Files.delete(remote.resolve("spec.json"));   // unchanged here, so not sent again: proof that only changes travel
        mirror.push(run, false);

        assertThat(shell.roundTrips()).isEqualTo(2);
        assertThat(remote.resolve("attempts/1/submissions.jsonl")).hasContent("{\"id\":\"2501\"}\n");
        assertThat(remote.resolve("attempts/2/tasks")).isEmptyDirectory();
        assertThat(remote.resolve("spec.json")).doesNotExist();
        mirror.push(run, false);
        assertThat(shell.roundTrips()).isEqualTo(2);
    }

    @Test
    void aCreatingPushRefusesARunDirectoryThatIsAlreadyOnTheCluster() throws Exception {
        mirror.push(run, true);

        assertThatThrownBy(() -> mirror.push(run, true))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("run 3 already exists on the cluster at " + remote + ";");
    }

    @Test
    void aPullAppendsWhatJobsWroteAfterTheLocalLinesAndGetsNothingTwice() throws Exception {
        mirror.push(run, true);
        Path remoteTasks = remote.resolve("attempts/1/tasks");
        Path localTasks = local.resolve("attempts/1/tasks");
        write(remoteTasks.resolve("0.res"), "B 1 1712000000\n");
        mirror.pull(run);
        assertThat(localTasks.resolve("0.res")).hasContent("B 1 1712000000\n");

        Files.writeString(localTasks.resolve("0.res"), "K TIMEOUT\n", StandardOpenOption.APPEND);   // scatter's own record
        Files.writeString(remoteTasks.resolve("0.res"), "E 1 0 1712000009\n", StandardOpenOption.APPEND);
        Files.write(remoteTasks.resolve("1.out"), BINARY);
        write(remote.resolve("attempts/1/slurm/slurm-2501_1.out"), "slurmstepd: error\n");
        mirror.pull(run);

        assertThat(localTasks.resolve("0.res")).hasContent("B 1 1712000000\nK TIMEOUT\nE 1 0 1712000009\n");
        assertThat(localTasks.resolve("1.out")).hasBinaryContent(BINARY);
        assertThat(local.resolve("attempts/1/slurm/slurm-2501_1.out")).hasContent("slurmstepd: error\n");

        String manifest = Files.readString(local.resolve(LedgerMirror.MANIFEST));
        Map<String, String> before = tree(local);
        mirror.pull(run);
        assertThat(shell.roundTrips()).isEqualTo(4);
        assertThat(tree(local)).isEqualTo(before);
        assertThat(local.resolve(LedgerMirror.MANIFEST)).hasContent(manifest);
        mirror.push(run, false);
        assertThat(shell.roundTrips()).as("pulled files are never pushed back").isEqualTo(4);
    }

    @Test
    void aFilePulledWhileItGrowsEndsEqualToTheClustersCopy() throws Exception {
        mirror.push(run, true);
        Path remoteOut = remote.resolve("attempts/1/tasks/1 2.out");   // a space in the name, to be sure
        byte[] all = new byte[300_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = BINARY[i % BINARY.length];
        }
        Files.write(remoteOut, Arrays.copyOf(all, 123_457));
        mirror.pull(run);
        Files.write(remoteOut, Arrays.copyOfRange(all, 123_457, all.length), StandardOpenOption.APPEND);
        mirror.pull(run);

        assertThat(local.resolve("attempts/1/tasks/1 2.out")).hasBinaryContent(all);
        assertThat(Files.readString(local.resolve(LedgerMirror.MANIFEST))).contains("R 300000 attempts/1/tasks/1 2.out\n");
    }

    @Test
    void aFreshLocalDirectoryPullsTheWholeLedgerAndHasNothingToPushAfter() throws Exception {
        mirror.push(run, true);
        write(remote.resolve("attempts/1/tasks/0.res"), "B 1 1712000000\nE 1 0 1712000001\n");
        Files.write(remote.resolve("attempts/1/tasks/" + "w".repeat(110) + ".out"), BINARY);

        RunDir clone = new RunDir(tmp.resolve("other-laptop/runs/3"));
        Files.createDirectories(clone.root());
        mirror.pull(clone);

        assertThat(tree(clone.root())).isEqualTo(tree(remote));
        assertThat(Files.getPosixFilePermissions(clone.root().resolve("attempts/1/task.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(clone.root().resolve("attempts/1/slurm")).isEmptyDirectory();
        int trips = shell.roundTrips();
        mirror.push(clone, false);
        assertThat(shell.roundTrips()).isEqualTo(trips);

        Files.delete(local.resolve("spec.json"));   // a pushed file lost here comes back whole
        mirror.pull(run);
        assertThat(local.resolve("spec.json")).hasContent("{\"id\":\"3\",\"command\":\"echo {}\"}\n");
    }

    @Test
    void threeThousandNewFilesComeDownInOneRoundTrip() throws Exception {
        mirror.push(run, true);
        Path tasks = remote.resolve("attempts/1/tasks");
        for (int t = 0; t < 1_000; t++) {
            write(tasks.resolve(t + ".out"), "out " + t + "\n");
            write(tasks.resolve(t + ".err"), "");
            write(tasks.resolve(t + ".res"), "B " + t + "\nE " + t + " 0\n");
        }
        int trips = shell.roundTrips();
        mirror.pull(run);

        assertThat(shell.roundTrips() - trips).isEqualTo(1);
        assertThat(tree(local)).isEqualTo(tree(remote));
        assertThat(local.resolve("attempts/1/tasks/999.res")).hasContent("B 999\nE 999 0\n");
    }

    @Test
    void anAnswerThatIsNotTheScriptsIsAClearIOException() throws Exception {
        mirror.push(run, true);
        RemoteShell chatty = new RemoteShell() {   // a login script that prints a banner
            @Override
            public Exit exec(String commandLine, Stdin stdin, Stdout stdout, Duration timeout)
                    throws IOException, InterruptedException {
                return shell.exec("echo 'Welcome to the cluster'; " + commandLine, stdin, stdout, timeout);
            }

            @Override
            public int roundTrips() {
                return shell.roundTrips();
            }
        };

        assertThatThrownBy(() -> new LedgerMirror(chatty, remote.toString()).pull(run))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not parse")
                .hasMessageContaining("Welcome to the cluster");
    }

    @Test
    void aFailingRemoteCommandCarriesTheCommandItsStatusAndItsStderr() throws Exception {
        LedgerMirror nowhere = new LedgerMirror(shell, tmp.resolve("cluster/none").toString());

        assertThatThrownBy(() -> nowhere.push(run, false))
                .isInstanceOfSatisfying(LedgerMirror.CommandFailed.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(1);
                    assertThat(e.stderr()).contains("No such file or directory");
                    assertThat(e.command()).contains("cd " + tmp.resolve("cluster/none"));
                    assertThat(e.getMessage()).contains("exit 1").contains("No such file or directory").contains(e.command());
                });
        assertThatThrownBy(() -> nowhere.pull(run)).isInstanceOf(LedgerMirror.CommandFailed.class);
        assertThat(local.resolve(LedgerMirror.MANIFEST)).doesNotExist();
    }

    @Test
    void anUnreachableClusterPassesThroughUnchanged() throws Exception {
        RemoteShell.Unreachable down = new RemoteShell.Unreachable("ssh: connect to host hpc port 22: Connection refused");
        RemoteShell unreachable = new RemoteShell() {
            @Override
            public Exit exec(String commandLine, Stdin stdin, Stdout stdout, Duration timeout) throws IOException {
                throw down;
            }

            @Override
            public int roundTrips() {
                return 1;
            }
        };
        LedgerMirror cut = new LedgerMirror(unreachable, remote.toString());

        assertThatThrownBy(() -> cut.push(run, true)).isSameAs(down);
        assertThatThrownBy(() -> cut.pull(run)).isSameAs(down);
    }

    // ---- helpers

    /** Every file (its bytes, one char each) and directory (ending in "/") under {@code root}, minus what is never mirrored. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty() || MirrorManifest.excluded(rel)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    tree.put(rel + "/", "");
                } else {
                    tree.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return tree;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static byte[] bytes(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(part.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }
}
