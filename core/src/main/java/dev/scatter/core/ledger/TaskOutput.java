package dev.scatter.core.ledger;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A task's output stream ({@code T.out} or {@code T.err}): the entries' bytes one after the other,
 * each between marker lines written by the wrapper:
 * <pre>
 * \036TOKEN B ENTRY\n   …the entry's bytes…   \n\036TOKEN E ENTRY\n
 * </pre>
 * The newline before an end marker is the wrapper's, so an entry's bytes are returned exactly as
 * written (with or without a final newline). The token is random per run, so no program prints
 * it by chance. An entry begun but not ended (killed) runs to the next marker or the end of file.
 * When an entry appears twice (a task resumed), the last occurrence wins.
 */
public final class TaskOutput {

    /** Byte range {@code [start, end)} of one entry in the file. */
    public record Segment(long start, long end) {
        public long length() {
            return end - start;
        }
    }

    private TaskOutput() {
    }

    public static Map<Integer, Segment> index(Path file, String token) {
        Map<Integer, Segment> segments = new HashMap<>();
        byte[] marker = ("\036" + token + " ").getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long pos = 0;
            int open = -1;         // entry whose begin marker we saw, without its end yet
            long openStart = 0;
            int b;
            int matched = 0;       // bytes of the marker prefix matched so far
            long markerAt = -1;
            while ((b = in.read()) != -1) {
                pos++;
                if (matched < marker.length && b == marker[matched]) {
                    if (matched == 0) {
                        markerAt = pos - 1;
                    }
                    matched++;
                    if (matched < marker.length) {
                        continue;
                    }
                    // a full prefix: read "B n\n" or "E n\n"
                    StringBuilder rest = new StringBuilder();
                    while ((b = in.read()) != -1 && b != '\n' && rest.length() < 24) {
                        pos++;
                        rest.append((char) b);
                    }
                    if (b == '\n') {
                        pos++;
                    }
                    matched = 0;
                    String[] f = rest.toString().split(" ");
                    if (f.length != 2) {
                        continue;
                    }
                    int entry;
                    try {
                        entry = Integer.parseInt(f[1]);
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (f[0].equals("B")) {
                        if (open >= 0) {
                            segments.put(open, new Segment(openStart, markerAt));
                        }
                        open = entry;
                        openStart = pos;
                    } else if (f[0].equals("E") && entry == open) {
                        segments.put(open, new Segment(openStart, Math.max(openStart, markerAt - 1)));
                        open = -1;
                    }
                } else {
                    matched = b == marker[0] ? 1 : 0;
                    if (matched == 1) {
                        markerAt = pos - 1;
                    }
                }
            }
            if (open >= 0) {
                segments.put(open, new Segment(openStart, pos));
            }
        } catch (NoSuchFileException e) {
            return segments;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return segments;
    }

    public static void copy(Path file, Segment segment, OutputStream out) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long done = 0;
            var sink = Channels.newChannel(out);
            while (done < segment.length()) {
                long n = ch.transferTo(segment.start() + done, segment.length() - done, sink);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static byte[] read(Path file, Segment segment) {
        var buffer = new java.io.ByteArrayOutputStream((int) Math.min(segment.length(), Integer.MAX_VALUE));
        copy(file, segment, buffer);
        return buffer.toByteArray();
    }
}
