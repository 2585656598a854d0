package dev.scatter.core.io;

import dev.scatter.core.ScatterException;
import dev.scatter.core.StorageException;
import dev.scatter.core.UsageException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * A file the user names for a command's output ({@code scatter gather -o FILE}), written without
 * clobbering what the path is:
 * <ul>
 * <li>a regular file, or a path that does not exist yet, is replaced whole: the output goes to a
 *     temporary file beside it, renamed over it once complete ({@link AtomicFiles});</li>
 * <li>a symlink is followed to its target first (a dangling one creates its target);</li>
 * <li>anything else — a character device ({@code /dev/null}, a terminal), a FIFO, a descriptor of
 *     this process ({@code /dev/stdout}, {@code /dev/fd/N}, a shell's {@code >(…)}) — is written
 *     straight through, appending, as a shell's redirection would; it is never replaced.</li>
 * </ul>
 * A path that cannot be opened (a directory, a missing directory, no permission) is a
 * {@link UsageException}; a write that fails (no space left on device) is a
 * {@link StorageException} naming the path, and leaves no temporary file behind.
 */
public final class OutputFile implements AutoCloseable {

    /** Linux's limit on symlinks followed in one path (ELOOP). */
    private static final int MAX_LINKS = 40;
    private static final String FIX = "make room there, or write to another file";

    private final String shown;
    private final Path temporary;
    private final Path target;
    private final Guarded out;
    private boolean committed;

    private OutputFile(String shown, Path temporary, Path target, OutputStream raw) {
        this.shown = shown;
        this.temporary = temporary;
        this.target = target;
        this.out = new Guarded(new BufferedOutputStream(raw, 1 << 16));
    }

    /** Opens {@code path} for writing, as the class comment says. */
    public static OutputFile open(Path path) {
        String shown = path.toString();
        if (shown.isEmpty()) {
            throw new UsageException("cannot write '': the path is empty: name a file");
        }
        Path p = path.toAbsolutePath();
        try {
            for (int links = 0; Files.isSymbolicLink(p); links++) {
                if (links == MAX_LINKS) {
                    throw new UsageException("cannot write " + shown + ": too many levels of symbolic links: "
                            + "write to the file itself");
                }
                if (isProcessDescriptor(p)) {
                    return straightThrough(shown, p);   // /proc/self/fd/N: the kernel knows what it is
                }
                p = p.resolveSibling(Files.readSymbolicLink(p));
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException missing) {
                return replacing(shown, p);
            }
            if (a.isDirectory()) {
                throw new UsageException("cannot write " + shown + ": it is a directory: name a file in it");
            }
            return a.isRegularFile() ? replacing(shown, p) : straightThrough(shown, p);
        } catch (IOException e) {
            throw cannotOpen(shown, e);
        }
    }

    /** This process's standard output, written through (never closed). */
    public static OutputFile stdout() {
        return new OutputFile("standard output", null, null, new FileOutputStream(FileDescriptor.out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        });
    }

    /** Where the output goes; a failed write throws a {@link StorageException} naming the file. */
    public OutputStream stream() {
        return out;
    }

    /** Finishes the output: flushed, and a replaced file renamed over its target. */
    public void commit() {
        out.flush();
        out.close();
        if (temporary != null) {
            try {
                AtomicFiles.move(temporary, target);
            } catch (IOException e) {
                throw new StorageException(shown, e, FIX);
            }
        }
        committed = true;
    }

    /** Without {@link #commit}: a replaced file stays as it was, and the temporary file is removed. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            out.close();
        } catch (ScatterException ignored) {
            // the write error already reported is the one that counts
        }
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // nothing more to do about it
            }
        }
    }

    private static OutputFile replacing(String shown, Path target) throws IOException {
        Path dir = target.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException("cannot write " + shown + ": no such directory " + dir
                    + ": create it first, or choose another path");
        }
        Path tmp = AtomicFiles.temporaryFor(target);
        OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new OutputFile(shown, tmp, target, raw);
    }

    private static OutputFile straightThrough(String shown, Path p) throws IOException {
        return new OutputFile(shown, null, null, Files.newOutputStream(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** A symlink in {@code /proc} ({@code /proc/self/fd/1}, which {@code /dev/stdout} and {@code /dev/fd/1} lead to). */
    private static boolean isProcessDescriptor(Path link) {
        try {
            return link.getParent() != null && link.getParent().toRealPath().startsWith("/proc/");
        } catch (IOException e) {
            return false;
        }
    }

    /** The path is the user's to fix (exit 2), unless the file system itself is full or failing (exit 3). */
    private static ScatterException cannotOpen(String shown, IOException e) {
        String reason = StorageException.reason(e);
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("space") || lower.contains("quota") || lower.contains("input/output")) {
            return new StorageException(shown, e, FIX);
        }
        return new UsageException("cannot write " + shown + ": " + reason + ": choose a path you can write to");
    }

    /** Turns a failed write into a {@link StorageException} naming the file. */
    private final class Guarded extends OutputStream {
        private final OutputStream inner;

        Guarded(OutputStream inner) {
            this.inner = inner;
        }

        @Override
        public void write(int b) {
            try {
                inner.write(b);
            } catch (IOException e) {
                throw new StorageException(shown, e, FIX);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                inner.write(b, off, len);
            } catch (IOException e) {
                throw new StorageException(shown, e, FIX);
            }
        }

        @Override
        public void flush() {
            try {
                inner.flush();
            } catch (IOException e) {
                throw new StorageException(shown, e, FIX);
            }
        }

        @Override
        public void close() {
            try {
                inner.close();
            } catch (IOException e) {
                throw new StorageException(shown, e, FIX);
            }
        }
    }
}
