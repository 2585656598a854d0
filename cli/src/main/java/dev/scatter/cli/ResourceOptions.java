package dev.scatter.cli;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.TimeLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** What each task asks for, in SLURM's option names. */
class ResourceOptions {

    @Option(names = {"-c", "--cpus-per-task"}, paramLabel = "N", description = "Cores per task (default 1); also the thread limit (OMP_NUM_THREADS, …) and, locally, the pool size: cores ÷ N tasks at once.")
    Integer cpus;

    @Option(names = "--mem", paramLabel = "SIZE", description = "Memory per task: 500M, 4G, 1.5T (a bare number is megabytes). Default: the scheduler's; locally, no limit.")
    String mem;

    @Option(names = {"-t", "--time"}, paramLabel = "TIME", description = "Time limit per task: SLURM's M, M:S, H:M:S, D-H, D-H:M, D-H:M:S (the first field any size, the"
            + " others in range: hours 0-23 after a day, minutes and seconds 0-59), or 90s, 30m, 2h, 1d. Default: the"
            + " scheduler's; locally, none.")
    String time;

    @Option(names = "--gpus", paramLabel = "N", description = "GPUs per task (default 0); locally, tasks get their own CUDA_VISIBLE_DEVICES.")
    Integer gpus;

    @Option(names = {"-p", "--partition"}, paramLabel = "NAME", description = "SLURM partition or PBS queue (default: the scheduler's default).")
    String partition;

    @Option(names = {"-A", "--account"}, paramLabel = "NAME", description = "Account (SLURM) or project (PBS) to charge (default: the scheduler's default for you).")
    String account;

    @Option(names = "--max-running", paramLabel = "N", description = "At most N tasks at once (SLURM %%N, PBS max_run; locally, the pool). Default: no cap beyond the machine.")
    Integer maxRunning;

    @Option(names = "--sched-opt", paramLabel = "OPTION", description = "An extra option for sbatch or qsub, passed through as one word (repeatable), e.g. --sched-opt=--qos=long or --sched-opt='-l place=scatter'.")
    List<String> schedulerOptions = new ArrayList<>();

    /** These options applied over {@code base}. */
    Resources over(Resources base) {
        if (cpus != null && cpus < 1) {
            throw new UsageException("-c " + cpus + " is not a cpu count: give at least 1");
        }
        if (gpus != null && gpus < 0) {
            throw new UsageException("--gpus " + gpus + " is negative: give 0 or more");
        }
        if (maxRunning != null && maxRunning < 1) {
            throw new UsageException("--max-running " + maxRunning + " would run nothing: give at least 1");
        }
        List<String> opts = new ArrayList<>(base.schedulerOptions());
        opts.addAll(schedulerOptions);
        return new Resources(
                cpus != null ? cpus : base.cpus(),
                mem != null ? Optional.of(MemorySize.parse(mem, "--mem")) : base.memory(),
                time != null ? Optional.of(TimeLimit.parse(time, "--time")) : base.time(),
                gpus != null ? gpus : base.gpus(),
                partition != null ? Optional.of(partition) : base.partition(),
                account != null ? Optional.of(account) : base.account(),
                maxRunning != null ? Optional.of(maxRunning) : base.maxRunning(),
                opts);
    }
}
