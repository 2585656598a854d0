package dev.scatter.sim.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;

/**
 * Writes {@code bin/sbatch}, {@code bin/squeue}, … : bash scripts that forward their argv, cwd,
 * environment (and stdin, when asked) to the server over {@code /dev/tcp}, print its answer and
 * exit with its status. No JVM per command: a call costs a bash start and two small forks.
 */
final class ClientScripts {

    private ClientScripts() {
    }

    /** The second line of every client script: how an old one is told from a file of the user's. */
    private static final String MARK = "# scatter simulator client:";

    static void write(Path stateDir, Collection<String> programs) throws IOException {
        Path bin = stateDir.resolve("bin");
        Files.createDirectories(bin);
        removeOthers(bin, programs);
        String script = script(stateDir.toAbsolutePath());
        for (String program : programs) {
            Path tmp = bin.resolve("." + program + ".tmp");
            Files.writeString(tmp, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, bin.resolve(program), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Removes the client scripts of another dialect left by an earlier start in the same state
     * directory: a simulated PBS must not leave a SLURM's sbatch on PATH (scatter's auto would pick SLURM).
     */
    private static void removeOthers(Path bin, Collection<String> programs) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(bin)) {
            for (Path f : files) {
                if (!programs.contains(f.getFileName().toString()) && Files.isRegularFile(f) && isClientScript(f)) {
                    Files.delete(f);
                }
            }
        }
    }

    private static boolean isClientScript(Path f) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            in.readLine();
            String second = in.readLine();
            return second != null && second.startsWith(MARK);
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String script(Path stateDir) {
        String quoted = "'" + stateDir.toString().replace("'", "'\\''") + "'";
        return """
                #!/usr/bin/env bash
                %s forwards this command to the simulated cluster
                # (argv, cwd, environment; stdin only when the command reads it) and prints its answer.
                state=%s
                prog=${0##*/}
                if ! { read -r port < "$state/port"; } 2>/dev/null; then
                    echo "$prog: the scatter simulator is not running (no $state/port)" >&2
                    exit 1
                fi
                if ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
                    echo "$prog: cannot reach the scatter simulator on 127.0.0.1:$port" >&2
                    exit 1
                fi
                cd -P . 2>/dev/null
                {
                    printf 'SIMREQ1\\0%%s\\0%%s\\0%%s\\0' "$prog" "$PWD" "$#"
                    (( $# )) && printf '%%s\\0' "$@"
                    env -0
                    printf '\\0'
                } >&3
                IFS=' ' read -r code outlen errlen <&3
                if [[ $code == STDIN ]]; then
                    tmp=$(mktemp)
                    cat > "$tmp"
                    size=$(wc -c < "$tmp")
                    { printf '%%s\\0' "$size"; cat "$tmp"; } >&3
                    rm -f "$tmp"
                    IFS=' ' read -r code outlen errlen <&3
                fi
                if [[ -z $code ]]; then
                    echo "$prog: the scatter simulator closed the connection" >&2
                    exit 1
                fi
                (( outlen > 0 )) && head -c "$outlen" <&3
                (( errlen > 0 )) && head -c "$errlen" <&3 >&2
                exit "$code"
                """.formatted(MARK, quoted);
    }
}
