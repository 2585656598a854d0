package dev.scatter.core.remote;

import dev.scatter.core.UsageException;
import dev.scatter.core.io.ShellQuote;
import dev.scatter.core.ledger.RunDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Keeps a run directory's two copies in step when the cluster is reached over SSH: the laptop's
 * (the ledger every command reads) and the cluster's (what jobs read and write). Each call is one
 * round trip, whatever the run's size, because a round trip costs far more than the bytes: a push
 * is one tar stream made here and unpacked there by {@code tar -xf -}; a pull sends the manifest
 * up and gets back, from one shell script, the grown job files as framed sections and the new
 * files as one tar ({@link MirrorPull} has the format). Only bash, coreutils, find, awk and GNU tar
 * run on the cluster.
 *
 * <p>The two sides never write the same file: the engine (here) writes every file but those under
 * an attempt's {@code tasks/}, {@code slurm/} and {@code pbs/}, which jobs (there) write. Engine
 * files go up whole when their size or mtime changed; job files are append-only, so a pull appends
 * the bytes beyond what it pulled before, after any line the laptop added itself (a {@code K}
 * record). What each side has is in the manifest ({@link MirrorManifest}, {@code .mirror}).
 *
 * <p>Errors: a remote command that fails is a {@link CommandFailed} (an IOException with the
 * command, its exit status and its stderr), an answer that does not parse an IOException saying
 * so, {@link RemoteShell.Unreachable} passes through; a local write the file system refuses is a
 * {@link dev.scatter.core.StorageException}, as everywhere in the ledger.
 */
public final class LedgerMirror {

    /** The manifest's file name in the local run root: a run that has none was never synced. */
    public static final String MANIFEST = MirrorManifest.FILE;

    /** The file whose lock keeps two processes from syncing one run at once (never synced itself). */
    public static final String LOCK = MirrorManifest.LOCK;

    /** The push script's exit status when {@code create} finds the run directory already there. */
    private static final int EXISTS = 17;

    /**
     * Decides from the manifest ("OFFSET PATH", -1 for "have it, skip") and find's list ("TYPE SIZE
     * PATH") which files are new (whole, into the tar list) and which grew (a section each).
     */
    private static final String DECIDE = String.join("\n",
            "FILENAME == ARGV[1] { i = index($0, \" \"); have[substr($0, i + 1)] = substr($0, 1, i - 1); next }",
            "{ p = $0; sub(/^[^ ]+ [^ ]+ /, \"\", p)",
            "  if (p == \"lock\" || p == \"executor.lock\" || p == \"executor.json\" || p == \".mirror\" || p == \".mirror.lock\") next",
            "  if (p ~ /(^|\\/)\\.[^\\/]*\\.tmp-[0-9a-f]+$/) next",
            "  if (!(p in have)) { print \"./\" p > newlist; next }",
            "  if ($1 == \"d\" || have[p] + 0 < 0) next",
            "  if ($2 + 0 < have[p] + 0) { print \"./\" p > newlist; next }",   // cut short and rewritten: anew
            "  if ($2 + 0 > have[p] + 0) printf \"%s %.0f %s\\n\", have[p], $2 - have[p], p > grownlist }");

    private final RemoteShell shell;
    private final String remoteRoot;

    /** @param remoteRunRoot the run directory's absolute path on the cluster, e.g. {@code /home/u/x/.scatter/runs/3} */
    public LedgerMirror(RemoteShell shell, String remoteRunRoot) {
        String root = remoteRunRoot.replaceAll("/+$", "");
        if (!root.startsWith("/") || root.isEmpty()) {
            throw new IllegalArgumentException("the remote run directory must be an absolute path: " + remoteRunRoot);
        }
        this.shell = shell;
        this.remoteRoot = root;
    }

    /**
     * Sends every engine file that is new or changed since the last push, whole, and every
     * directory the cluster lacks. {@code create}: the run is new on the cluster, its directory
     * must not exist there yet (a {@link UsageException} if it does); everything is sent.
     * Nothing to send: no round trip.
     */
    public void push(RunDir run, boolean create) throws IOException, InterruptedException {
        Path root = run.root();
        MirrorManifest manifest = create ? new MirrorManifest() : MirrorManifest.read(root);
        List<Item> items = new ArrayList<>();
        walk(root, (rel, attrs) -> {
            String stamp = MirrorManifest.stamp(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            if (attrs.isDirectory() ? !manifest.dirs.contains(rel)
                    : attrs.isRegularFile() && !MirrorManifest.jobWritten(rel) && !stamp.equals(manifest.pushed.get(rel))) {
                items.add(new Item(rel, attrs, stamp));
            }
        });
        if (items.isEmpty() && !create) {
            return;
        }
        String quoted = ShellQuote.quote(remoteRoot);
        String command = create
                ? "mkdir -p " + ShellQuote.quote(parent()) + " || { cat >/dev/null; exit 1; }; "
                        + "mkdir " + quoted + " || { s=1; test -e " + quoted + " && s=" + EXISTS + "; cat >/dev/null; exit $s; }; "
                        + extract(quoted)
                : extract(quoted);
        RemoteShell.Exit exit = shell.exec(command, out -> tar(root, items, out), RemoteShell.Stdout.DISCARD);
        if (create && exit.code() == EXISTS) {
            throw new UsageException("run " + root.getFileName() + " already exists on the cluster at " + remoteRoot
                    + "; another ledger uses that directory: give --remote another directory, or remove it there if nothing needs it");
        }
        check(command, exit);
        for (Item item : items) {
            if (item.attrs.isDirectory()) {
                manifest.dirs.add(item.path);
            } else {
                manifest.pushed.put(item.path, item.stamp);
            }
        }
        manifest.write(root);
    }

    /**
     * Brings down what the cluster has that the local copy lacks: the new bytes of job files
     * (appended), new files and directories, and engine files missing here (a fresh copy of the
     * ledger). Always one round trip.
     */
    public void pull(RunDir run) throws IOException, InterruptedException {
        Path root = run.root();
        MirrorManifest manifest = MirrorManifest.read(root);
        String before = manifest.text();
        StringBuilder have = new StringBuilder();
        walk(root, (rel, attrs) -> {
            Long pulled = manifest.pulled.get(rel);
            if (!attrs.isRegularFile() || !MirrorManifest.jobWritten(rel)) {
                have.append("-1 ").append(rel).append('\n');    // ours, or a directory: never sent down
            } else if (pulled != null) {
                have.append(pulled).append(' ').append(rel).append('\n');
            }   // a job file never pulled (only local lines so far): whole, after them
        });
        byte[] stdin = have.toString().getBytes(StandardCharsets.UTF_8);
        String command = pullScript();
        try {
            MirrorPull answer = new MirrorPull(root, manifest);
            RemoteShell.Exit exit = shell.exec(command, out -> out.write(stdin), answer::apply);
            check(command, exit);
            answer.checkComplete();
        } finally {
            if (!manifest.text().equals(before)) {
                manifest.write(root);    // even after a failure: it counts every byte appended
            }
        }
    }

    private static String extract(String quotedRoot) {
        // the rest of stdin is read even when tar stops early, so the writer never meets a closed pipe
        return "cd " + quotedRoot + " || { cat >/dev/null; exit 1; }; "
                + "tar --no-same-owner -pxf -; s=$?; cat >/dev/null; exit $s";
    }

    private String pullScript() {
        return "cd " + ShellQuote.quote(remoteRoot) + " || { cat >/dev/null; exit 1; }; "
                + "t=$(mktemp -d) || { cat >/dev/null; exit 1; }; trap 'rm -rf \"$t\"' EXIT; "
                + "cat > \"$t/have\" && : > \"$t/new\" && : > \"$t/grown\" || exit 1; "
                + "find . -mindepth 1 \\( -type f -o -type d \\) -printf '%y %s %P\\n' > \"$t/list\" || exit 1; "
                + "awk -v newlist=\"$t/new\" -v grownlist=\"$t/grown\" " + ShellQuote.quote(DECIDE)
                + " \"$t/have\" \"$t/list\" || exit 1; "
                + "printf '%s\\n' " + ShellQuote.quote(MirrorPull.MAGIC) + "; "
                + "while IFS=' ' read -r off len p; do printf '%s %s %s\\n' \"$off\" \"$len\" \"$p\"; "
                + "tail -c +\"$((off + 1))\" -- \"$p\" | head -c \"$len\"; done < \"$t/grown\"; "
                + "printf '%s\\n' " + MirrorPull.TAR + "; "
                // exit 1 is "a file changed as we read it": a job's file still growing; the tar
                // holds the size it stated, which is what the manifest records
                + "if [ -s \"$t/new\" ]; then tar -cf - --no-recursion --no-unquote --warning=no-file-changed -T \"$t/new\"; "
                + "s=$?; [ $s -le 1 ] || exit $s; fi";
    }

    private String parent() {
        int slash = remoteRoot.lastIndexOf('/');
        return slash == 0 ? "/" : remoteRoot.substring(0, slash);
    }

    private static void check(String command, RemoteShell.Exit exit) throws CommandFailed {
        if (!exit.ok()) {
            throw new CommandFailed(command, exit.code(), exit.stderr());
        }
    }

    /** The push's tar: directories, then files whole with their mode; each file exactly the size it had when listed. */
    private static void tar(Path root, List<Item> items, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        byte[] buffer = new byte[64 * 1024];
        for (Item item : items) {
            Path file = root.resolve(item.path);
            boolean dir = item.attrs.isDirectory();
            TarArchiveEntry entry = new TarArchiveEntry(dir ? item.path + "/" : item.path);
            entry.setMode((dir ? 040000 : 0100000) | MirrorPull.mode(Files.getPosixFilePermissions(file)));
            entry.setModTime(item.attrs.lastModifiedTime());
            entry.setSize(dir ? 0 : item.attrs.size());
            tar.putArchiveEntry(entry);
            if (!dir) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (long left = item.attrs.size(); left > 0; ) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new IOException(file + " was cut short while being sent to the cluster; push again");
                        }
                        tar.write(buffer, 0, n);
                        left -= n;
                    }
                }
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    /** Visits every file and directory under {@code root} but the excluded, parents first, by relative path. */
    private static void walk(Path root, Visitor visitor) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root)) {
                    visitor.visit(root.relativize(dir).toString(), attrs);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = root.relativize(file).toString();
                if (!MirrorManifest.excluded(rel)) {
                    visitor.visit(rel, attrs);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;    // a temporary file renamed away meanwhile
                }
                throw e;
            }
        });
    }

    @FunctionalInterface
    private interface Visitor {
        void visit(String relative, BasicFileAttributes attrs) throws IOException;
    }

    private record Item(String path, BasicFileAttributes attrs, String stamp) {
    }

    /** A command on the cluster exited non-zero: which, with what status, and what it said on stderr. */
    public static final class CommandFailed extends IOException {
        private final String command;
        private final int exitCode;
        private final String stderr;

        CommandFailed(String command, int exitCode, String stderr) {
            super("a command on the cluster failed with exit " + exitCode + ": "
                    + (stderr.isBlank() ? "(nothing on stderr)" : stderr.strip()) + "\ncommand: " + command);
            this.command = command;
            this.exitCode = exitCode;
            this.stderr = stderr;
        }

        public String command() {
            return command;
        }

        public int exitCode() {
            return exitCode;
        }

        public String stderr() {
            return stderr;
        }
    }
}
