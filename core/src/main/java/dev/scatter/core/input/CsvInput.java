package dev.scatter.core.input;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code --csv FILE}: one entry per row; the header row names the columns. RFC 4180 quoting,
 * including newlines and quotes inside quoted fields, is Commons CSV's.
 */
public final class CsvInput {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(false)
            .get();

    private CsvInput() {
    }

    public static Inputs read(String file, Path workdir, InputStream stdin) {
        String text = InputReader.read(file, workdir, stdin, "--csv");
        List<Entry> entries = new ArrayList<>();
        List<String> header;
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(FORMAT).get()) {
            var records = parser.iterator();
            if (!records.hasNext()) {
                throw new UsageException("--csv " + file + " is empty: its first row must name the columns");
            }
            header = checkHeader(records.next(), file);
            while (records.hasNext()) {
                CSVRecord row = records.next();
                if (row.size() != header.size()) {
                    throw new UsageException("--csv " + file + " line " + row.getParser().getCurrentLineNumber()
                            + " has " + row.size() + " fields but the header has " + header.size()
                            + ": quote fields that contain commas (\"a,b\")");
                }
                List<String> columns = row.toList();
                columns.forEach(c -> InputReader.rejectNul(c, "--csv " + file + " row " + (entries.size() + 1)));
                entries.add(Entry.ofColumns(entries.size() + 1, columns));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UsageException("--csv " + file + " is not valid CSV: " + rootMessage(e)
                    + "; check the quotes around that row");
        } catch (IllegalStateException e) {
            throw new UsageException("--csv " + file + " is not valid CSV: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            throw new UsageException("--csv " + file + " has a header but no rows: add one row per entry");
        }
        return new Inputs(entries, header, 0, "csv " + file);
    }

    private static List<String> checkHeader(CSVRecord row, String file) {
        List<String> header = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : row) {
            String n = name.strip();
            if (!n.isEmpty() && !seen.add(n)) {
                throw new UsageException("--csv " + file + " names the column '" + n + "' twice in its header: rename one");
            }
            header.add(n);
        }
        return header;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
