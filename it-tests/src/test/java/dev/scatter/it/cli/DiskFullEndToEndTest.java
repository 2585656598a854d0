package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run into a file system that fills up: the run stops with exit 3 and one line naming "No space
 * left on device", the file and {@code scatter resume}; no entry is judged by output the disk cut
 * short; the ledger stays readable; once space is freed, {@code scatter resume} finishes the run and
 * gather has every entry's whole output. The file system is a small tmpfs (or, where tmpfs cannot be
 * mounted, a loop-mounted ext4 image) holding a filler file; deleting the filler frees the space.
 * Needs root (mount); skipped with the reason otherwise.
 */
class DiskFullEndToEndTest {

    private static final int ENTRIES = 200;
    private static final int LINES_PER_ENTRY = 2500;

    @TempDir
    Path dir;

    private Path disk;
    private Path filler;

    @BeforeEach
    void aSmallFileSystemWithAFillerFile() throws IOException {
        disk = Files.createDirectory(dir.resolve("disk"));
        if (!mounted("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString())) {
            Path image = dir.resolve("disk.img");
            boolean ext4 = sh("truncate", "-s", "4M", image.toString()) && sh("mkfs.ext4", "-q", "-F", image.toString())
                    && mounted("mount", "-o", "loop", image.toString(), disk.toString());
            if (!ext4) {
                abort("cannot mount a small file system here (tmpfs or a loop ext4 image; needs root)");
            }
        }
        filler = disk.resolve("filler");
        Files.write(filler, new byte[3 << 20]);
    }

    @AfterEach
    void unmount() {
        sh("umount", "-l", disk.toString());
    }

    @Test
    void aFullDiskStopsTheRunWithExitThreeAndResumeFinishesItOnceSpaceIsFree() throws IOException {
        ScatterCli scatter = new ScatterCli(disk);
        var run = scatter.run("run", "--range", "1.." + ENTRIES, "--", "yes {} | head -n " + LINES_PER_ENTRY);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        String last = lastLine(run.stderr());
        assertThat(last).as(run.toString()).startsWith("scatter: cannot write ").contains(disk.toString())
                .contains("No space left on device").contains("scatter resume 1");
        assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("internal error").doesNotContain("\tat ");

        // the ledger is readable, and the disk judged no entry: what did not end is for resume
        JsonNode status = scatter.statusJson();
        assertThat(status.path("counts").path("FAILED").asInt()).as(status.toString()).isZero();
        assertThat(status.path("counts").path("SUCCEEDED").asInt()).as(status.toString()).isPositive().isLessThan(ENTRIES);
        assertThat(status.path("finished").asBoolean()).isFalse();

        // gather into the full disk: exit 3, the file as it was, no temporary file left
        Files.writeString(disk.resolve("all.txt"), "old\n");
        var full = scatter.run("gather", "--allow-missing", "-o", "all.txt");
        assertThat(full.exitCode()).as(full.toString()).isEqualTo(3);
        assertThat(full.stderr()).contains("all.txt").contains("No space left on device");
        assertThat(Files.readString(disk.resolve("all.txt"))).isEqualTo("old\n");
        try (Stream<Path> files = Files.list(disk)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }

        // a new run that does not fit: exit 3, and no half-made run left behind
        var another = scatter.run("run", "--range", "1..5000", "--", "echo {}");
        assertThat(another.exitCode()).as(another.toString()).isEqualTo(3);
        assertThat(lastLine(another.stderr())).contains("No space left on device").contains("then run scatter run again");
        assertThat(disk.resolve(".scatter/runs/2")).doesNotExist();

        Files.delete(filler);
        var resume = scatter.run("resume", "1");
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        var gather = scatter.run("gather");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(gather.stdout()).isEqualTo(expectedOutput());
    }

    private static String expectedOutput() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= ENTRIES; i++) {
            sb.append((i + "\n").repeat(LINES_PER_ENTRY));
        }
        return sb.toString();
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private boolean mounted(String... argv) {
        return sh(argv) && Files.isWritable(disk);
    }

    private static boolean sh(String... argv) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(argv))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() != 0) {
                System.err.println(String.join(" ", argv) + ": " + out.strip());
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
