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
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Creates real runs in a directory, as {@code scatter run} would, for backend tests. */
public final class TestRuns {

    private TestRuns() {
    }

    public static RunDir range(Path workdir, Backend backend, String range, int chunk, Resources resources, String... command) {
        return range(workdir, backend, range, chunk, resources, false, command);
    }

    public static RunDir range(Path workdir, Backend backend, String range, int chunk, Resources resources, boolean keepTmp,
                               String... command) {
        return create(workdir, backend, request(workdir, backend, range, chunk, resources, keepTmp, Optional.empty(),
                Optional.empty(), command));
    }

    /** {@link #range(Path, Backend, String, int, Resources, String...)} with the request changed first (e.g. {@code --remote}). */
    public static RunDir range(Path workdir, Backend backend, String range, int chunk, Resources resources,
                               UnaryOperator<RunRequest> target, String... command) {
        return create(workdir, backend, target.apply(request(workdir, backend, range, chunk, resources, false, Optional.empty(),
                Optional.empty(), command)));
    }

    /** A run with a {@code --before} and a {@code --then} step around its entries. */
    public static RunDir withSteps(Path workdir, Backend backend, String range, String before, String then, String... command) {
        return withSteps(workdir, backend, range, before, then, UnaryOperator.identity(), command);
    }

    /** {@link #withSteps(Path, Backend, String, String, String, String...)} with the request changed first. */
    public static RunDir withSteps(Path workdir, Backend backend, String range, String before, String then,
                                   UnaryOperator<RunRequest> target, String... command) {
        return create(workdir, backend, target.apply(request(workdir, backend, range, 1, Resources.defaults(), false,
                Optional.of(before), Optional.of(then), command)));
    }

    private static RunRequest request(Path workdir, Backend backend, String range, int chunk, Resources resources, boolean keepTmp,
                                      Optional<String> before, Optional<String> then, String... command) {
        return new RunRequest(workdir,
                new InputOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(range), List.of(), Optional.empty()),
                List.of(command), resources, ChunkSize.of(chunk), Optional.empty(), true, Optional.empty(), keepTmp,
                before, then, Optional.empty(), backend.name(), false, Map.of());
    }

    private static RunDir create(Path workdir, Backend backend, RunRequest request) {
        return PreparedRun.prepare(request, backend, InputStream.nullInputStream()).create(new RunStore(workdir), backend);
    }
}
