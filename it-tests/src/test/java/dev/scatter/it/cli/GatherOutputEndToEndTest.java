package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scatter gather -o FILE} never clobbers what FILE is: a regular file (or a missing one) is
 * replaced whole, through a temporary file renamed over it; a symlink is followed to its target;
 * anything else (a device, a FIFO, /dev/fd/N, a shell's {@code >(…)}) is written straight through.
 * A path that cannot be written is one line and exit 2; a write that fails (a full device) is one
 * line naming the path, exit 3. Devices are the test's own ({@code mknod} in its directory), never
 * the machine's.
 */
class GatherOutputEndToEndTest {

    private static final String GATHERED = "1\n2\n3\n";

    @TempDir
    Path dir;

    private ScatterCli scatter() {
        return new ScatterCli(dir);
    }

    @BeforeEach
    void aRunOfThreeEntries() {
        var run = scatter().run("run", "--range", "1..3", "--", "echo {}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    void aRegularFileIsReplacedWhole() throws IOException {
        Files.writeString(dir.resolve("out.txt"), "old content, longer than the new one\n");
        var gather = scatter().run("gather", "-o", "out.txt");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo(GATHERED);
        assertNoTemporaryFilesIn(dir);
    }

    @Test
    void aSymlinkIsFollowedAndStaysASymlink() throws IOException {
        Files.createDirectory(dir.resolve("results"));
        Files.writeString(dir.resolve("results/all.txt"), "old\n");
        Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("results/all.txt"));
        var gather = scatter().run("gather", "-o", "link.txt");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(Files.isSymbolicLink(dir.resolve("link.txt"))).isTrue();
        assertThat(Files.readString(dir.resolve("results/all.txt"))).isEqualTo(GATHERED);
        assertNoTemporaryFilesIn(dir);
        assertNoTemporaryFilesIn(dir.resolve("results"));
    }

    @Test
    void aDanglingSymlinkCreatesItsTarget() throws IOException {
        Files.createDirectory(dir.resolve("results"));
        Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("results/new.txt"));
        var gather = scatter().run("gather", "-o", "link.txt");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(Files.isSymbolicLink(dir.resolve("link.txt"))).isTrue();
        assertThat(Files.readString(dir.resolve("results/new.txt"))).isEqualTo(GATHERED);
    }

    @Test
    void aCharacterDeviceIsWrittenThroughNotReplaced() throws IOException {
        Path nul = device("null", 3);
        var gather = scatter().run("gather", "-o", "null");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(isCharacterDevice(nul)).as("still a character device").isTrue();
        assertNoTemporaryFilesIn(dir);
    }

    @Test
    void aFullDeviceIsExitThreeNamingThePathAndTheReason() throws IOException {
        Path full = device("full", 7);
        var gather = scatter().run("gather", "-o", "full");
        assertThat(gather.exitCode()).as(gather.toString()).isEqualTo(3);
        assertOneLine(gather);
        assertThat(gather.stderr()).contains("full").contains("No space left on device");
        assertThat(isCharacterDevice(full)).as("still a character device").isTrue();
        assertNoTemporaryFilesIn(dir);
    }

    @Test
    void aFifoIsWrittenThroughToItsReader() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path received = dir.resolve("received.txt");
        // a reader that gives up after a while, so a writer that never opens the FIFO fails the test instead of hanging it
        Process reader = new ProcessBuilder("timeout", "60", "cat", fifo.toString())
                .redirectOutput(received.toFile()).start();
        var gather = scatter().run("gather", "-o", "fifo");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(reader.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(received)).isEqualTo(GATHERED);
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).as("still a FIFO").isFalse();
        assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void devFdOneIsTheProcesssOwnStdout() {
        var gather = scatter().run("gather", "-o", "/dev/fd/1");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(gather.stdout()).isEqualTo(GATHERED);
    }

    @Test
    void aShellsProcessSubstitutionIsWrittenThrough() throws Exception {
        Path launcher = ScatterCli.repository().resolve("scatter");
        Process bash = new ProcessBuilder("bash", "-c", "\"$0\" gather -o >(cat > sub.txt)", launcher.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String printed = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(printed).isZero();
        await("cat behind >(…) writes sub.txt").atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(dir.resolve("sub.txt")) && Files.readString(dir.resolve("sub.txt")).equals(GATHERED));
    }

    @Test
    void aMissingDirectoryIsExitTwoInOneLine() throws IOException {
        var gather = scatter().run("gather", "-o", "nodir/x.csv");
        assertThat(gather.exitCode()).as(gather.toString()).isEqualTo(2);
        assertOneLine(gather);
        assertThat(gather.stderr()).contains("nodir");
        assertThat(dir.resolve("nodir")).doesNotExist();
        assertNoTemporaryFilesIn(dir);
    }

    @Test
    void aDirectoryIsExitTwoInOneLine() throws IOException {
        Files.createDirectory(dir.resolve("results"));
        for (String path : List.of("/", ".", "results")) {
            var gather = scatter().run("gather", "-o", path);
            assertThat(gather.exitCode()).as(path + ": " + gather).isEqualTo(2);
            assertOneLine(gather);
            assertThat(gather.stderr()).as(path).contains("is a directory");
        }
        assertNoTemporaryFilesIn(dir);
    }

    @Test
    void aPathNobodyCanCreateIsExitTwoInOneLine() {
        var gather = scatter().run("gather", "-o", "/proc/scatter-gathered.txt");
        assertThat(gather.exitCode()).as(gather.toString()).isEqualTo(2);
        assertOneLine(gather);
        assertThat(gather.stderr()).contains("/proc/scatter-gathered.txt");
    }

    @Test
    void aDirectoryWithoutWritePermissionIsExitTwoInOneLine() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root writes into any directory");
        Path locked = Files.createDirectory(dir.resolve("locked"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("r-xr-xr-x")));
        var gather = scatter().run("gather", "-o", "locked/x.txt");
        assertThat(gather.exitCode()).as(gather.toString()).isEqualTo(2);
        assertOneLine(gather);
        assertThat(gather.stderr()).contains("locked/x.txt").contains("ermission denied");
        assertThat(locked).isEmptyDirectory();
    }

    /** A character device node of the test's own (major 1: 3 is null, 7 is full), or the test is skipped. */
    private Path device(String name, int minor) throws IOException {
        Path node = dir.resolve(name);
        int made;
        try {
            made = new ProcessBuilder("mknod", node.toString(), "c", "1", Integer.toString(minor))
                    .redirectErrorStream(true).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assumeTrue(made == 0, "mknod needs root (CAP_MKNOD); the machine's own /dev nodes are never used");
        return node;
    }

    private static boolean isCharacterDevice(Path p) throws IOException {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                && Files.readAttributes(p, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode") instanceof Integer mode
                && (mode & 0170000) == 0020000;
    }

    private static void assertOneLine(ScatterCli.Result r) {
        assertThat(r.stderr()).as(r.toString()).startsWith("scatter: ").doesNotContain("internal error")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.stderr().strip().lines()).as(r.toString()).hasSize(1);
    }

    private static void assertNoTemporaryFilesIn(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }
}
