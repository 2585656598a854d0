package dev.scatter.core.ledger;

import dev.scatter.core.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock a CLI call holds while it changes a run (submit, retry, cancel, resume).
 * Readers ({@code status}, {@code watch}, {@code gather}) take none: every ledger write is atomic
 * or append-only. A second writer is refused with a clear message instead of waiting forever.
 * The lock dies with its process, so a killed client never leaves a run locked.
 */
public final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static RunLock acquire(RunDir run, String what) {
        try {
            FileChannel channel = FileChannel.open(run.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new UsageException("run " + run.spec().id() + " is busy: another scatter command is changing it"
                        + " (" + what + " needs it alone); wait for that one to finish, then try again");
            }
            return new RunLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + run.lockFile() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
