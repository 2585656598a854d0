package dev.scatter.core.io;

import dev.scatter.core.StorageException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file writes that readers never see half done: write a temporary file beside the target,
 * then rename it over the target (atomic on POSIX file systems, NFS included).
 *
 * <p>No fsync: the ledger must survive the client being killed at any moment, which the page cache
 * already guarantees; surviving a power cut of the login node is not worth an fsync per write.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content) {
        Path tmp = temporaryFor(target);
        try {
            Files.write(tmp, content);
            move(tmp, target);
        } catch (IOException e) {
            throw failed(tmp, target, e);
        }
    }

    /**
     * A write of {@code target} through {@code tmp} that failed (no space left on device): removes
     * the temporary file, so nothing half-written stays, and returns the error to throw (exit 3).
     */
    public static StorageException failed(Path tmp, Path target, IOException e) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the original error is the one to report
        }
        return new StorageException(target.toString(), e, "");
    }

    /** Renames a finished temporary file over its target. */
    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A temporary name beside {@code target}, for writers that stream before {@link #move}. */
    public static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }
}
