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

    /** Whole lines read from an append-only file, and the byte offset where they end. */
    public record Lines(String text, long end) {
    }

    /**
     * The whole lines after the first {@code offset} bytes of {@code file}, up to its first
     * {@code size} bytes (or its end, when shorter): what was appended since a reader stopped at
     * {@code offset}. A last line without its newline (its writer still writing, or killed
     * mid-line) waits for the next read; it may end inside a multi-byte character, so it is cut
     * off before decoding ('\n' is never part of a multi-byte UTF-8 sequence).
     *
     * @throws NoSuchFileException when there is no such file
     */
    public static Lines linesAfter(Path file, long offset, long size) throws IOException {
        byte[] bytes;
        int read;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = Math.max(0, Math.min(size, ch.size()) - offset);
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(length));
            while (buffer.hasRemaining() && ch.read(buffer, offset + buffer.position()) > 0) {
                // a short read: go on from where it stopped
            }
            bytes = buffer.array();
            read = buffer.position();
        }
        int whole = read;
        while (whole > 0 && bytes[whole - 1] != '\n') {
            whole--;
        }
        return new Lines(new String(bytes, 0, whole, StandardCharsets.UTF_8), offset + whole);
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
