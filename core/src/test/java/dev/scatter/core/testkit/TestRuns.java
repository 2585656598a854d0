package dev.scatter.core.testkit;

import dev.scatter.core.input.InputOptions;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunStore;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.Resources;
import dev.scatter.core.plan.PreparedRun;
import dev.scatter.core.plan.RunRequest;
import dev.scatter.core.spi.Backend;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Creates real runs in a directory, as {@code scatter run} would, for backend tests. */
public final class TestRuns {

    private TestRuns() {
    }

    public static RunDir range(Path workdir, Backend backend, String range, int chunk, Resources resources, String... command) {
        return range(workdir, backend, range, chunk, resources, false, command);
    }

    public static RunDir range(Path workdir, Backend backend, String range, int chunk, Resources resources, boolean keepTmp,
                               String... command) {
        RunRequest request = new RunRequest(workdir,
                new InputOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(range), List.of(), Optional.empty()),
                List.of(command), resources, ChunkSize.of(chunk), Optional.empty(), true, Optional.empty(), keepTmp,
                Optional.empty(), Optional.empty(), Optional.empty(), backend.name(), false);
        return PreparedRun.prepare(request, backend, InputStream.nullInputStream()).create(new RunStore(workdir), backend);
    }
}
