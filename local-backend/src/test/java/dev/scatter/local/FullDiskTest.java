package dev.scatter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scatter.core.ExitCode;
import dev.scatter.core.StorageException;
import dev.scatter.core.input.InputOptions;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunStore;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.RunRequest;
import dev.scatter.core.run.Outcome;
import dev.scatter.core.run.RunListener;
import dev.scatter.core.run.Runs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrapper's output file refuses every write (a symlink to the test's own {@code /dev/full}
 * node, {@code mknod c 1 7}): the run stops with a {@link StorageException} (exit 3) naming the
 * file, "No space left on device" and {@code scatter resume}; no entry is judged; once the file
 * writes again, resume runs everything. Needs root for mknod; skipped otherwise.
 */
class FullDiskTest {

    @TempDir
    Path dir;

    private Path full;

    @BeforeEach
    void aFullDeviceOfOurOwn() throws Exception {
        full = dir.resolve("full");
        assumeTrue(new ProcessBuilder("mknod", full.toString(), "c", "1", "7").start().waitFor() == 0,
                "mknod needs root (CAP_MKNOD)");
    }

    @Test
    void aWorkerThatCannotWriteStopsTheRunAndResumeRunsItAllOnceItCan() throws IOException {
        try (Runs runs = runs()) {
            RunDir run = runs.prepare(request("1..6"), InputStream.nullInputStream()).plan()
                    .create(new RunStore(dir), new LocalBackend());
            List<Path> planted = new ArrayList<>();
            for (int slot = 0; slot < 8; slot++) {
                for (int generation = 0; generation < 8; generation++) {
                    planted.add(Files.createSymbolicLink(run.attempt(1).tasksDir().resolve("w" + slot + "-" + generation + ".out"), full));
                }
            }

            assertThatThrownBy(() -> runs.resume(run, false, false, RunListener.NONE))
                    .isInstanceOf(StorageException.class)
                    .hasMessageMatching("cannot write .*/tasks/w\\d+-\\d+\\.out: No space left on device: "
                            + "make room on that file system, then scatter resume 1")
                    .extracting(e -> ((StorageException) e).exitCode()).isEqualTo(ExitCode.BACKEND);
            RunStatus stopped = runs.status(run);
            assertThat(stopped.finished()).isFalse();
            assertThat(stopped.entries()).noneMatch(e -> e.state() == EntryState.FAILED || e.state() == EntryState.SUCCEEDED);

            for (Path p : planted) {
                Files.delete(p);
            }
            Outcome resumed = runs.resume(run, false, false, RunListener.NONE);
            assertThat(resumed.failed()).isFalse();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            runs.gather(run, out, false);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1\n2\n3\n4\n5\n6\n");
        }
    }

    private Runs runs() {
        return new Runs(dir, new LocalOnlyCatalog());
    }

    private RunRequest request(String range) {
        return new RunRequest(dir, new InputOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(range),
                List.of(), Optional.empty()), List.of("echo {}"), Resources.defaults(), ChunkSize.of(1), Optional.empty(), true,
                Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), "local", false, Map.of());
    }
}
