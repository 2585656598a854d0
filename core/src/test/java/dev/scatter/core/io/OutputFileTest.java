package dev.scatter.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ScatterException;
import dev.scatter.core.StorageException;
import dev.scatter.core.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputFile}: replace a regular file whole, follow symlinks, write through anything else. */
class OutputFileTest {

    private static final byte[] TEXT = "gathered\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aRegularFileIsUntouchedUntilCommitAndReplacedWholeAfter() throws IOException {
        Path file = Files.writeString(dir.resolve("out.txt"), "old\n");
        try (OutputFile out = OutputFile.open(file)) {
            out.stream().write(TEXT);
            assertThat(Files.readString(file)).isEqualTo("old\n");
            out.commit();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(TEXT);
        assertThat(names()).containsExactly("out.txt");
    }

    @Test
    void withoutCommitTheFileStaysAsItWasAndNoTemporaryFileIsLeft() throws IOException {
        Path file = Files.writeString(dir.resolve("out.txt"), "old\n");
        try (OutputFile out = OutputFile.open(file)) {
            out.stream().write(TEXT);
        }
        assertThat(Files.readString(file)).isEqualTo("old\n");
        assertThat(names()).containsExactly("out.txt");
    }

    @Test
    void aChainOfSymlinksIsFollowedToTheFileItReplaces() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/real.txt"), "old\n");
        Files.createSymbolicLink(dir.resolve("sub/link1"), Path.of("real.txt"));
        Files.createSymbolicLink(dir.resolve("link2"), Path.of("sub/link1"));
        write(dir.resolve("link2"));
        assertThat(Files.isSymbolicLink(dir.resolve("link2"))).isTrue();
        assertThat(Files.isSymbolicLink(dir.resolve("sub/link1"))).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("sub/real.txt"))).isEqualTo(TEXT);
    }

    @Test
    void aDanglingSymlinkCreatesItsTarget() throws IOException {
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("new.txt"));
        write(dir.resolve("link"));
        assertThat(Files.isSymbolicLink(dir.resolve("link"))).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("new.txt"))).isEqualTo(TEXT);
    }

    @Test
    void aSymlinkLoopIsAUsageError() throws IOException {
        Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> OutputFile.open(dir.resolve("a"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void aFifoIsWrittenThroughToItsReader() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        write(fifo);
        assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo(TEXT);
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(names()).containsExactly("fifo");
    }

    @Test
    void aFullDeviceIsAStorageErrorNamingThePathAndStaysADevice() throws Exception {
        Path full = dir.resolve("full");
        assumeTrue(new ProcessBuilder("mknod", full.toString(), "c", "1", "7").start().waitFor() == 0, "mknod needs root");
        assertThatThrownBy(() -> write(full)).isInstanceOf(StorageException.class)
                .hasMessage("cannot write " + full + ": No space left on device: make room there, or write to another file")
                .extracting(e -> ((ScatterException) e).exitCode()).isEqualTo(ExitCode.BACKEND);
        assertThat(Files.isRegularFile(full, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(names()).containsExactly("full");
    }

    @Test
    void pathsThatCannotBeWrittenAreUsageErrors() throws IOException {
        Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> OutputFile.open(dir.resolve("nodir/x.csv"))).isInstanceOf(UsageException.class)
                .hasMessage("cannot write " + dir.resolve("nodir/x.csv") + ": no such directory " + dir.resolve("nodir")
                        + ": create it first, or choose another path");
        assertThatThrownBy(() -> OutputFile.open(dir)).isInstanceOf(UsageException.class).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> OutputFile.open(Path.of("/"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> OutputFile.open(dir.resolve("file/x"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("Not a directory");
        assertThatThrownBy(() -> OutputFile.open(Path.of("/proc/scatter-output"))).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("cannot write /proc/scatter-output: ");
        assertThatThrownBy(() -> OutputFile.open(Path.of(""))).isInstanceOf(UsageException.class);
        assertThat(names()).containsExactly("file");
    }

    private static void write(Path path) throws IOException {
        try (OutputFile out = OutputFile.open(path)) {
            out.stream().write(TEXT);
            out.commit();
        }
    }

    private Stream<String> namesStream() throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString()).sorted();
    }

    private java.util.List<String> names() throws IOException {
        try (Stream<String> s = namesStream()) {
            return s.toList();
        }
    }
}
