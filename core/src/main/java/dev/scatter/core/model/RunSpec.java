package dev.scatter.core.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The immutable description of a run, written once as {@code spec.json} — the last file written
 * when a run is created, so a run directory without it is an interrupted creation, not a run.
 *
 * @param id           the run's id (its directory name under {@code .scatter/runs})
 * @param name         the user's {@code --name}, or the command's program name
 * @param created      when it was created
 * @param workdir      where the user ran scatter; every entry's command runs there
 * @param inputs       where the entries came from (e.g. {@code csv samples.csv})
 * @param columnNames  named columns ({@code {name}})
 * @param entryCount   number of entries
 * @param skippedEmpty empty input lines skipped
 * @param command      the command tokens as given (after {@code --}), plus an appended {@code {}}
 * @param shellLine    true when the command is one shell line
 * @param resources    the first attempt's resources
 * @param chunk        entries per task in the first attempt
 * @param backend      the backend's name ({@code local}, {@code slurm}, …)
 * @param threadGuard  whether the wrapper sets BLAS/OpenMP thread limits
 * @param token        a random token marking entry boundaries in task output
 * @param keepTmp      keep each task's private temporary directory ({@code --keep-tmp})
 * @param before       a command run once before the entries ({@code --before}), if any
 * @param then         a command run once after every entry succeeded ({@code --then}), if any
 * @param taskTime     {@code --task-time}: size chunks so each task runs about this long, learnt from a first wave
 * @param remote       {@code --remote}: the cluster reached over SSH where the jobs run and the ledger has a copy;
 *                     {@code workdir} is then the directory there
 */
public record RunSpec(String id, String name, Instant created, Path workdir, String inputs, List<String> columnNames,
                      int entryCount, int skippedEmpty, List<String> command, boolean shellLine, Resources resources,
                      int chunk, String backend, boolean threadGuard, String token, boolean keepTmp,
                      java.util.Optional<String> before, java.util.Optional<String> then,
                      java.util.Optional<TimeLimit> taskTime, java.util.Optional<RemoteTarget> remote) {

    public RunSpec {
        columnNames = List.copyOf(columnNames);
        command = List.copyOf(command);
    }
}
