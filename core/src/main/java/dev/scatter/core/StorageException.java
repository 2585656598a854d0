package dev.scatter.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The file system refused a write (no space left on device, quota exceeded, an I/O error): exit 3,
 * one line naming the file, the system's reason and what to do. What was written before stays
 * readable: whole files are renamed into place only once complete, and a torn last line of an
 * append-only file is skipped by its readers.
 */
public class StorageException extends BackendException {

    /** What to do when the writer does not know better. */
    public static final String DEFAULT_FIX = "make room on that file system, then try again";

    private final String file;
    private final String reason;

    /**
     * @param file what to call the file in the message (the path as the user gave it, or the ledger's)
     * @param fix  what the user can do, e.g. "free space there, then scatter resume 3"
     */
    public StorageException(String file, IOException cause, String fix) {
        this(file, reason(cause), fix, cause);
    }

    /** A write someone else saw fail (the wrapper script), in the system's words when known. */
    public StorageException(String file, String reason, String fix) {
        this(file, reason, fix, null);
    }

    private StorageException(String file, String reason, String fix, Throwable cause) {
        super("cannot write " + file + ": " + reason + ": " + (fix.isEmpty() ? DEFAULT_FIX : fix), cause);
        this.file = file;
        this.reason = reason;
    }

    /** The same failure with another fix, for a caller that knows better what the user can do. */
    public StorageException withFix(String fix) {
        return new StorageException(file, reason, fix, getCause());
    }

    public String file() {
        return file;
    }

    /** The system's words, e.g. "No space left on device". */
    public String reason() {
        return reason;
    }

    /** The system's reason without Java's decoration: "No space left on device", "Permission denied". */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }
}
