package dev.scatter.pbs;

import dev.scatter.core.BackendException;
import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.grid.GridScheduler;
import dev.scatter.core.grid.GridTuning;
import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.spi.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * PBS array jobs on core's {@link GridBackend}: OpenPBS / PBS Pro ({@code --backend pbs-pro},
 * {@link PbsProScheduler}) or Torque ({@code --backend torque}, {@link TorqueScheduler}).
 * {@code --backend pbs} (and {@code auto} when only {@code qsub} is on PATH) tells them apart by
 * {@code qstat --version}: {@code pbs_version = 23.06.06} (fixtures qstat_version) is PBS Pro,
 * {@code Version: 6.1.3} is Torque. A run records the flavour it was created with, so later
 * commands do not ask again. {@code scatter run} submits and returns; status polls qstat; the
 * wrapper's records decide every entry's exit code.
 */
public final class PbsBackend {

    /** Either flavour, told apart by {@code qstat --version}. */
    public static final String NAME = "pbs";
    public static final String PBS_PRO = "pbs-pro";
    public static final String TORQUE = "torque";

    private PbsBackend() {
    }

    /** The flavour {@code qstat --version} names, through {@code runner}. */
    public static GridBackend create(CommandRunner runner, GridTuning tuning) {
        return new GridBackend(detect(runner), runner, tuning);
    }

    /** OpenPBS / PBS Pro through {@code runner} (local processes, or the simulator's {@code SimulatedCommandRunner}). */
    public static GridBackend pbsPro(CommandRunner runner, GridTuning tuning) {
        return new GridBackend(new PbsProScheduler(), runner, tuning);
    }

    public static GridBackend torque(CommandRunner runner, GridTuning tuning) {
        return new GridBackend(new TorqueScheduler(), runner, tuning);
    }

    /** Asks {@code qstat --version} which PBS this is. */
    static GridScheduler detect(CommandRunner runner) {
        Command command = Command.of(Path.of("").toAbsolutePath(), "qstat", "--version");
        CommandResult r;
        try {
            r = runner.run(command, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new BackendException("[pbs] cannot run qstat --version to tell PBS Pro from Torque: " + e.getMessage()
                    + "\n  is this a login node of the cluster, with qsub and qstat on PATH? (--backend pbs-pro or"
                    + " --backend torque names the flavour; --backend local runs here instead)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("[pbs] interrupted while asking qstat --version");
        }
        return flavour(r.stdout() + "\n" + r.stderr());
    }

    /**
     * {@code pbs_version = …} → PBS Pro; {@code Version: …} → Torque; anything else → PBS Pro,
     * the maintained flavour (its commands fail clearly on a Torque server).
     */
    static GridScheduler flavour(String versionOutput) {
        GridScheduler pbsPro = new PbsProScheduler();
        if (pbsPro.parseVersion(versionOutput).isPresent()) {
            return pbsPro;
        }
        GridScheduler torque = new TorqueScheduler();
        return torque.parseVersion(versionOutput).isPresent() ? torque : pbsPro;
    }

    /** Where {@code qsub} is on PATH, if it is: {@code --backend auto} picks PBS then (unless sbatch is there too). */
    public static Optional<Path> onPath() {
        return ProcessCommandRunner.which("qsub");
    }
}
