package dev.scatter.core.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.scatter.core.io.AtomicFiles;
import dev.scatter.core.model.Entry;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/** {@code entries.jsonl}: each entry's columns as a JSON array, one line per entry, in input order. */
public final class EntriesFile {

    private static final JsonFactory JSON = new JsonFactory();

    private EntriesFile() {
    }

    public static void write(Path file, List<Entry> entries) {
        Path tmp = AtomicFiles.temporaryFor(file);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            for (Entry e : entries) {
                try (JsonGenerator g = JSON.createGenerator(out)) {
                    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    g.writeStartArray();
                    for (String c : e.columns()) {
                        g.writeString(c);
                    }
                    g.writeEndArray();
                }
                out.write('\n');
            }
        } catch (IOException e) {
            throw AtomicFiles.failed(tmp, file, e);
        }
        try {
            AtomicFiles.move(tmp, file);
        } catch (IOException e) {
            throw AtomicFiles.failed(tmp, file, e);
        }
    }

    /** All entries; a single-column entry's text is its column, others join columns with a space. */
    public static List<Entry> read(Path file) {
        List<Entry> out = new ArrayList<>();
        forEach(file, n -> true, out::add);
        return out;
    }

    /**
     * The entries {@code wanted} accepts, by number, read in one pass: the lines of the others are
     * not parsed, and memory is what is kept (status names a few failed entries of a million).
     */
    public static Map<Integer, Entry> read(Path file, IntPredicate wanted) {
        Map<Integer, Entry> out = new HashMap<>();
        forEach(file, wanted, e -> out.put(e.number(), e));
        return out;
    }

    /** Each entry {@code wanted} accepts, in input order, to {@code sink}: one line in memory at a time. */
    public static void forEach(Path file, IntPredicate wanted, Consumer<Entry> sink) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!wanted.test(number)) {
                    continue;
                }
                List<String> columns = new ArrayList<>();
                try (JsonParser p = JSON.createParser(line)) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        columns.add(p.getText());
                    }
                }
                sink.accept(columns.size() == 1 ? Entry.single(number, columns.get(0)) : Entry.ofColumns(number, columns));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
