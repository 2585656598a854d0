package dev.scatter.core.io;

import dev.scatter.core.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends whole lines to a ledger file. A writer killed mid-line leaves a torn last line; the next
 * append then starts with {@code "!\n"}, which ends the torn line and spoils it ("!" makes its last
 * field unreadable, a JSON line invalid), so readers skip it instead of taking half a record. A
 * write the file system refuses (no space left on device) may leave such a torn line too; it is a
 * {@link StorageException} (exit 3).
 */
public final class AppendOnly {

    private AppendOnly() {
    }

    /** Appends {@code lines} (each ending in a newline) in one write. */
    public static void append(Path file, String lines) {
        String text = (endsInsideLine(file) ? "!\n" : "") + lines;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        } catch (IOException e) {
            throw new StorageException(file.toString(), e, "");
        }
    }

    private static boolean endsInsideLine(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) != '\n';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
