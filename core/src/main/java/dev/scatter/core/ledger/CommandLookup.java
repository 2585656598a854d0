package dev.scatter.core.ledger;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Chosen entries' rendered commands in an attempt's {@code commands} file ({@link CommandsFile}),
 * found by where their records begin. One pass over the file keeps 8 bytes an entry of the run (the
 * offset of its record), not the command; each command is read when asked, through a 64 KB window
 * of the file, so commands asked in the file's order (as a retry's plan asks them) cost a read per
 * few hundred records. What a retry of most of a million-entry run writes its attempt from: loading
 * those commands took 75 MB of strings and map nodes.
 */
public final class CommandLookup implements IntFunction<String>, Closeable {

    private static final int WINDOW = 1 << 16;

    private final Path file;
    private final long[] offsets;   // by entry − 1: where its record begins, or −1 when not chosen
    private final FileChannel channel;
    private ByteBuffer window = ByteBuffer.allocate(WINDOW);
    private long windowStart = -1;

    private CommandLookup(Path file, long[] offsets) throws IOException {
        this.file = file;
        this.offsets = offsets;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /** Finds the records of the entries {@code wanted} accepts, among entries 1 to {@code entries}. */
    public static CommandLookup open(AttemptDir attempt, int entries, IntPredicate wanted) {
        Path file = attempt.commands();
        long[] offsets = new long[entries];
        Arrays.fill(offsets, -1);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[WINDOW];
            long position = 0;
            long recordStart = 0;
            int entry = 0;
            boolean inNumber = true;   // a record is "ENTRY COMMAND\0"
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++, position++) {
                    byte b = buffer[i];
                    if (b == 0) {
                        recordStart = position + 1;
                        entry = 0;
                        inNumber = true;
                    } else if (inNumber && b == ' ') {
                        inNumber = false;
                        if (entry >= 1 && entry <= entries && wanted.test(entry)) {
                            offsets[entry - 1] = recordStart;
                        }
                    } else if (inNumber) {
                        entry = entry * 10 + (b - '0');
                    }
                }
            }
            return new CommandLookup(file, offsets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The rendered command of {@code entry}, one of those chosen. */
    @Override
    public String apply(int entry) {
        long offset = entry >= 1 && entry <= offsets.length ? offsets[entry - 1] : -1;
        if (offset < 0) {
            throw new IllegalArgumentException("entry " + entry + " has no record in " + file + " among those looked up");
        }
        try {
            while (true) {
                if (windowStart < 0 || offset < windowStart || offset >= windowStart + window.limit()) {
                    fill(offset);
                }
                int from = (int) (offset - windowStart);
                byte[] bytes = window.array();
                for (int i = from; i < window.limit(); i++) {
                    if (bytes[i] == 0) {
                        return CommandsFile.commandOf(bytes, from, i);
                    }
                }
                if (from == 0 && window.limit() < window.capacity()) {
                    throw new IOException(file + " ends inside the record of entry " + entry);
                }
                if (from == 0) {
                    window = ByteBuffer.allocate(window.capacity() * 2);   // a command longer than the window
                }
                fill(offset);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the window from {@code offset} on, as far as the file goes. */
    private void fill(long offset) throws IOException {
        window.clear();
        while (window.hasRemaining() && channel.read(window, offset + window.position()) > 0) {
            // until full or at the end of the file
        }
        window.flip();
        windowStart = offset;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
