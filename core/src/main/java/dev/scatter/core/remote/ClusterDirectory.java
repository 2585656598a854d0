package dev.scatter.core.remote;

import dev.scatter.core.BackendException;
import dev.scatter.core.UsageException;
import dev.scatter.core.io.ShellQuote;
import dev.scatter.core.model.RemoteTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The first word with a cluster, in one round trip before anything is written on either side: the
 * remote home (to resolve {@code ~/…} once, so the run's spec holds an absolute path), which
 * scheduler's submit command is on the login node's PATH ({@code --backend auto}), and the runs
 * already in the directory. An unreachable host ends here: exit 3, one line, nothing recorded.
 *
 * @param target the target with its directory absolute
 * @param sbatch where {@code sbatch} is there, if it is
 * @param qsub   where {@code qsub} is there, if it is
 * @param runs   the complete runs' ids under the directory's {@code .scatter/runs}
 * @param highestTaken the highest run number there, complete or not (0 for none): a new run takes a higher one
 */
public record ClusterDirectory(RemoteTarget target, Optional<String> sbatch, Optional<String> qsub, List<String> runs,
                               int highestTaken) {

    private static final String SCRIPT = "printf 'home %s\\n' \"$HOME\"; "
            + "printf 'sbatch %s\\n' \"$(command -v sbatch)\"; printf 'qsub %s\\n' \"$(command -v qsub)\"; ";

    public static ClusterDirectory find(RemoteShell shell, RemoteTarget typed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String runs = typed.resolved() ? ShellQuote.quote(typed.dir()) : "\"$HOME\"/" + ShellQuote.quote(typed.inHome());
        String line = SCRIPT + "for d in " + runs + "/.scatter/runs/*/; do [ -d \"$d\" ] || continue; n=$(basename \"$d\"); "
                + "if [ -f \"$d/spec.json\" ]; then printf 'run %s\\n' \"$n\"; else printf 'partial %s\\n' \"$n\"; fi; done; true";
        RemoteShell.Exit exit;
        try {
            exit = shell.exec(line, RemoteShell.Stdin.NONE, in -> in.transferTo(out), java.time.Duration.ofMinutes(2));
        } catch (RemoteShell.Unreachable e) {
            throw new BackendException(e.getMessage());
        } catch (IOException e) {
            throw new BackendException("cannot reach " + typed.destination() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while reaching " + typed.destination());
        }
        if (!exit.ok()) {
            throw new BackendException("ssh " + typed.destination() + ": the first command there failed (exit " + exit.code()
                    + "): " + exit.stderr().strip());
        }
        String home = "";
        Optional<String> sbatch = Optional.empty();
        Optional<String> qsub = Optional.empty();
        List<String> ids = new java.util.ArrayList<>();
        int taken = 0;
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
            String value = l.indexOf(' ') < 0 ? "" : l.substring(l.indexOf(' ') + 1).strip();
            if (l.startsWith("home ")) {
                home = value;
            } else if (l.startsWith("sbatch ")) {
                sbatch = Optional.of(value).filter(v -> !v.isEmpty());
            } else if (l.startsWith("qsub ")) {
                qsub = Optional.of(value).filter(v -> !v.isEmpty());
            } else if (l.startsWith("run ")) {
                ids.add(value);
                taken = Math.max(taken, number(value));
            } else if (l.startsWith("partial ")) {
                taken = Math.max(taken, number(value));
            }
        }
        if (!typed.resolved() && !home.startsWith("/")) {
            throw new BackendException("ssh " + typed.destination() + ": the login shell there has no $HOME; give --remote an"
                    + " absolute directory, e.g. " + typed.destination() + ":/scratch/you/proj");
        }
        return new ClusterDirectory(typed.resolvedIn(home), sbatch, qsub, List.copyOf(ids), taken);
    }

    private static int number(String id) {
        return id.matches("\\d{1,9}") ? Integer.parseInt(id) : 0;
    }

    /** The backend {@code auto} opens there: SLURM where sbatch is, else PBS where qsub is. */
    public String autoBackend() {
        if (sbatch.isPresent()) {
            return "slurm";
        }
        if (qsub.isPresent()) {
            return "pbs";
        }
        throw new UsageException("--remote " + target.destination() + ": neither sbatch nor qsub is on the PATH of a login"
                + " shell there; is it the cluster's login node? (check with: ssh " + target.destination() + " command -v sbatch)");
    }
}
