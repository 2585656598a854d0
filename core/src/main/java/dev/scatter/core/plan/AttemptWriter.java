package dev.scatter.core.plan;

import dev.scatter.core.StorageException;
import dev.scatter.core.io.AtomicFiles;
import dev.scatter.core.io.Json;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.CommandsFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.wrapper.WrapperScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.IntFunction;

/** Writes one attempt into the ledger: commands, task index, wrapper, and attempt.json last. */
public final class AttemptWriter {

    private AttemptWriter() {
    }

    public static AttemptDir write(RunDir run, RunSpec spec, AttemptSpec attempt, IntFunction<String> commandOf,
                                   Backend backend) {
        return write(run, spec, attempt, commandOf, backend, java.util.List.of());
    }

    /**
     * @param later entries not in this attempt whose commands are kept after its records (a
     *              {@code --task-time} first wave keeps every command, for the attempt that follows)
     */
    public static AttemptDir write(RunDir run, RunSpec spec, AttemptSpec attempt, IntFunction<String> commandOf,
                                   Backend backend, java.util.List<Integer> later) {
        AttemptDir dir = run.attempt(attempt.number());
        try {
            Files.createDirectories(dir.tasksDir());
            for (Path d : backend.jobDirectories(dir)) {
                Files.createDirectories(d);
            }
            CommandsFile.write(dir, attempt.plan(), commandOf, later);
            String script = WrapperScript.render(run, spec, dir, attempt, backend.scriptHeader(spec, attempt, dir));
            AtomicFiles.write(dir.script(), script.getBytes(StandardCharsets.UTF_8));
            Files.setPosixFilePermissions(dir.script(), PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new StorageException(dir.root().toString(), e, "");
        }
        dir.writeSpec(attempt);
        return dir;
    }
}
