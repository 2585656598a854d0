package dev.scatter.core.remote;

import dev.scatter.core.StorageException;
import dev.scatter.core.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads what a pull's remote script wrote and applies it to the local run directory:
 * <pre>
 * scatter-mirror 1\n
 * OFFSET LENGTH PATH\n  + exactly LENGTH bytes    a job file that grew: its bytes from OFFSET on
 * ...                                             (one section per grown file)
 * tar\n
 * a tar archive to the end of the stream           new files and directories, whole (may be empty)
 * </pre>
 * Sections come first because their count is small and known only to the script, and a tar is
 * then simply the rest. Job files are append-only, so what arrives is appended to the local file
 * (whose extra local lines, such as a {@code K} record, stay before it); an engine file comes only
 * when the local copy lacks it and is written whole, with its mode. The manifest is updated as
 * bytes land, so that it always counts what was appended, even when the stream breaks half way.
 */
final class MirrorPull {

    static final String MAGIC = "scatter-mirror 1";
    static final String TAR = "tar";
    private static final int MAX_LINE = 64 * 1024;

    private final Path root;
    private final MirrorManifest manifest;
    private final byte[] buffer = new byte[64 * 1024];
    private boolean complete;

    MirrorPull(Path root, MirrorManifest manifest) {
        this.root = root;
        this.manifest = manifest;
    }

    /**
     * Applies the whole stream; an IOException when it does not parse or ends early. An empty
     * stream is the script failing before its first line (no such directory): it returns, for the
     * exit status to tell why, and {@link #checkComplete} fails if the status does not.
     */
    void apply(InputStream in) throws IOException {
        in = in.markSupported() ? in : new BufferedInputStream(in);
        in.mark(1);
        if (in.read() < 0) {
            return;
        }
        in.reset();
        String magic = line(in);
        if (!MAGIC.equals(magic)) {
            throw unparsable("it does not start with '" + MAGIC + "' but with '" + abbreviate(magic) + "'"
                    + " (does the login shell print something?)");
        }
        for (String header = line(in); !TAR.equals(header); header = line(in)) {
            section(header, in);
        }
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            entry(e, tar);
        }
        in.transferTo(OutputStream.nullOutputStream());   // the tar's record padding
        complete = true;
    }

    /** After a command that exited 0: its stream must have been whole. */
    void checkComplete() throws IOException {
        if (!complete) {
            throw unparsable("it is empty");
        }
    }

    private void section(String header, InputStream in) throws IOException {
        String[] f = header.split(" ", 3);
        long offset;
        long length;
        try {
            if (f.length != 3) {
                throw new NumberFormatException();
            }
            offset = Long.parseLong(f[0]);
            length = Long.parseLong(f[1]);
        } catch (NumberFormatException e) {
            throw unparsable("expected 'OFFSET LENGTH PATH' or 'tar', got '" + abbreviate(header) + "'");
        }
        String path = checked(f[2]);
        Long known = manifest.pulled.get(path);
        if (known == null || known != offset || length < 0) {
            throw unparsable("a section of " + path + " from byte " + offset + " (" + length
                    + " bytes) that was not asked for (pulled so far: " + known + ")");
        }
        append(path, offset, in, length);
    }

    private void entry(TarArchiveEntry e, InputStream tar) throws IOException {
        String path = checked(e.getName().replaceFirst("^\\./", "").replaceFirst("/$", ""));
        Path local = root.resolve(path);
        if (e.isDirectory()) {
            createDirectories(local);
            manifest.dirs.add(path);
        } else if (e.isFile()) {
            createDirectories(local.getParent());
            if (MirrorManifest.jobWritten(path)) {
                append(path, 0, tar, e.getSize());
            } else {
                whole(path, local, tar, e.getSize(), e.getMode());
            }
        }
        // anything else (a link, a fifo) is nothing scatter writes: skipped
    }

    /** Appends {@code length} bytes of {@code in} to a job file; the manifest counts each byte appended. */
    private void append(String path, long offset, InputStream in, long length) throws IOException {
        Path local = root.resolve(path);
        long copied = 0;
        try (OutputStream out = openAppend(local)) {
            while (copied < length) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
                if (n < 0) {
                    throw unparsable("it ends inside the bytes of " + path + " (" + copied + " of " + length + ")");
                }
                write(out, n, local);
                copied += n;
            }
        } finally {
            manifest.pulled.put(path, offset + copied);
        }
    }

    /** An engine file the local copy lacked (a fresh copy of the ledger): written whole, with its mode. */
    private void whole(String path, Path local, InputStream in, long length, int mode) throws IOException {
        Path tmp = AtomicFiles.temporaryFor(local);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            for (long copied = 0; copied < length; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
                if (n < 0) {
                    throw unparsable("it ends inside the bytes of " + path);
                }
                write(out, n, tmp);
                copied += n;
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.setPosixFilePermissions(tmp, permissions(mode));
            AtomicFiles.move(tmp, local);
            manifest.pushed.put(path, MirrorManifest.stamp(Files.size(local),
                    Files.getLastModifiedTime(local).to(TimeUnit.NANOSECONDS)));
        } catch (IOException e) {
            throw AtomicFiles.failed(tmp, local, e);
        }
    }

    private OutputStream openAppend(Path local) {
        try {
            return Files.newOutputStream(local, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StorageException(local.toString(), e, "");
        }
    }

    private void write(OutputStream out, int n, Path file) {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new StorageException(file.toString(), e, "");
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException(dir.toString(), e, "");
        }
    }

    /** A path inside the run directory, as the script's find printed it; anything else is a broken stream. */
    private String checked(String path) throws IOException {
        if (path.isEmpty() || path.startsWith("/") || ("/" + path + "/").contains("/../") || MirrorManifest.excluded(path)) {
            throw unparsable("it names '" + abbreviate(path) + "', which is no file of a run directory");
        }
        return path;
    }

    /** One line without its newline. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (bytes.size() == 0) {
                    throw unparsable("it ends before its 'tar' line");
                }
                throw unparsable("it ends inside a line: '" + abbreviate(bytes.toString(StandardCharsets.UTF_8)) + "'");
            }
            if (bytes.size() == MAX_LINE) {
                throw unparsable("a line is longer than " + MAX_LINE + " bytes");
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The permission bits of a tar mode. The enum is declared OWNER_READ (0400) first, OTHERS_EXECUTE (0001) last. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                set.add(p);
            }
        }
        return set;
    }

    /** The tar mode of a set of permissions. */
    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static IOException unparsable(String why) {
        return new IOException("the cluster's answer to a ledger pull does not parse: " + why);
    }
}
