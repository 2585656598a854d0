package dev.scatter.core.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock a CLI call holds while it changes a run (submit, retry, cancel, resume).
 * Readers ({@code status}, {@code watch}, {@code gather}) take none: every ledger write is atomic
 * or append-only. A second writer is refused (exit 3) with a clear message instead of waiting forever.
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
        return acquire(run, run.lockFile(), "run " + run.spec().id() + " is busy: another scatter command is changing it"
                + " (" + what + " needs it alone); wait for that one to finish, then try again");
    }

    /**
     * The lock of the process executing a run's tasks on this machine (local backend), held for
     * as long as it executes, so two executors never run the same entries.
     */
    public static RunLock executor(RunDir run) {
        return acquire(run, run.root().resolve("executor.lock"), "run " + run.spec().id()
                + " is being executed by another scatter process (see scatter status " + run.spec().id()
                + "); wait for it, or stop it with scatter cancel " + run.spec().id());
    }

    /** Whether a process executes the run's tasks on this machine now (holds the executor lock). */
    public static boolean executorHeld(RunDir run) {
        if (!java.nio.file.Files.exists(run.root().resolve("executor.lock"))) {
            return false;
        }
        try (RunLock probe = executor(run)) {
            return false;
        } catch (RunBusyException e) {
            return true;
        }
    }

    private static RunLock acquire(RunDir run, java.nio.file.Path file, String busy) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new RunBusyException(busy);
            }
            return new RunLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
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
