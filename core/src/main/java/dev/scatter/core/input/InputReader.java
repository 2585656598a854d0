package dev.scatter.core.input;

import dev.scatter.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an input file (or stdin for {@code -}) as strict UTF-8, with errors users can act on. */
final class InputReader {

    private InputReader() {
    }

    static String read(String file, Path workdir, InputStream stdin, String option) {
        byte[] bytes;
        try {
            if (file.equals("-")) {
                bytes = stdin.readAllBytes();
            } else {
                Path path = workdir.resolve(file);
                if (Files.isDirectory(path)) {
                    throw new UsageException(option + " " + file + " is a directory: pass a file, or use --glob '"
                            + file + "/*' for one entry per file");
                }
                bytes = Files.readAllBytes(path);
            }
        } catch (NoSuchFileException e) {
            throw new UsageException(option + " " + file + ": no such file (looked in " + workdir
                    + "); check the path");
        } catch (IOException e) {
            throw new UsageException(option + " " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new UsageException(option + " " + file + " is not UTF-8 text: convert it first, e.g. iconv -f latin1 -t utf-8");
        }
    }

    static void rejectNul(String value, String where) {
        if (value.indexOf('\0') >= 0) {
            throw new UsageException(where + " contains a NUL byte, which no command argument can hold: remove it");
        }
    }
}
