package dev.scatter.core.remote;

import dev.scatter.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a run directory's two copies had in common after the last sync, kept in the local run root
 * as {@code .mirror} (a run never synced has none), one line per path, the path last so that it
 * may hold spaces:
 * <pre>
 * scatter-mirror 1
 * D attempts/1/tasks                   a directory that exists on the cluster
 * P 812 1712345678901234567 spec.json  an engine file pushed at this size and mtime (ns)
 * R 4096 attempts/1/tasks/0.out        a job file of which this many remote bytes were pulled
 * </pre>
 * Who writes a file is decided by its path ({@link #jobWritten}): jobs write only under an
 * attempt's {@code tasks/}, {@code slurm/} and {@code pbs/}, the engine everything else. Mutable
 * and not thread-safe: one sync at a time owns it.
 */
final class MirrorManifest {

    static final String FILE = ".mirror";
    static final String LOCK = ".mirror.lock";
    private static final String HEADER = "scatter-mirror 1";

    /** Never synced either way: the locks and the local executor's pid are per machine, the manifest is ours. */
    private static final Set<String> EXCLUDED = Set.of("lock", "executor.lock", "executor.json", FILE, LOCK);
    /** {@link AtomicFiles#temporaryFor}'s names: a whole-file write in progress. */
    private static final Pattern TEMPORARY = Pattern.compile("(.*/)?\\.[^/]*\\.tmp-[0-9a-f]+");
    private static final Pattern JOB_WRITTEN = Pattern.compile("attempts/[0-9]+/(tasks|slurm|pbs)/.+");

    /** Engine files pushed: path → "SIZE MTIME". */
    final Map<String, String> pushed = new TreeMap<>();
    /** Job files pulled: path → remote bytes received. */
    final Map<String, Long> pulled = new TreeMap<>();
    /** Directories known to exist on the cluster. */
    final Set<String> dirs = new TreeSet<>();

    static boolean excluded(String relative) {
        return EXCLUDED.contains(relative) || TEMPORARY.matcher(relative).matches();
    }

    /** A file written by jobs on the cluster (pulled, appended to), not by the engine (pushed whole). */
    static boolean jobWritten(String relative) {
        return JOB_WRITTEN.matcher(relative).matches();
    }

    /** The manifest of {@code runRoot}, empty when the run was never synced. */
    static MirrorManifest read(Path runRoot) throws IOException {
        MirrorManifest m = new MirrorManifest();
        Path file = runRoot.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return m;
        }
        String[] lines = text.split("\n");
        if (!lines[0].equals(HEADER)) {
            throw new IOException(file + " is not a scatter mirror manifest (first line: " + lines[0] + ")");
        }
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            try {
                switch (line.charAt(0)) {
                    case 'D' -> m.dirs.add(line.substring(2));
                    case 'P' -> {
                        String[] f = line.split(" ", 4);
                        m.pushed.put(f[3], Long.parseLong(f[1]) + " " + Long.parseLong(f[2]));
                    }
                    case 'R' -> {
                        String[] f = line.split(" ", 3);
                        m.pulled.put(f[2], Long.parseLong(f[1]));
                    }
                    default -> throw new IllegalArgumentException("unknown kind");
                }
            } catch (RuntimeException e) {
                throw new IOException(file + " line " + (i + 1) + " is damaged: " + line, e);
            }
        }
        return m;
    }

    /** "SIZE MTIME" of a local file, as {@link #pushed} keeps it. */
    static String stamp(long size, long mtimeNanos) {
        return size + " " + mtimeNanos;
    }

    /** The file's text. */
    String text() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        dirs.forEach(d -> out.append("D ").append(d).append('\n'));
        pushed.forEach((p, s) -> out.append("P ").append(s).append(' ').append(p).append('\n'));
        pulled.forEach((p, o) -> out.append("R ").append(o).append(' ').append(p).append('\n'));
        return out.toString();
    }

    /** Replaces the manifest file in one rename. */
    void write(Path runRoot) {
        AtomicFiles.write(runRoot.resolve(FILE), text().getBytes(StandardCharsets.UTF_8));
    }
}
