package dev.scatter.core.wrapper;

import dev.scatter.core.io.ShellQuote;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.RunSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders {@code task.sh}, the one wrapper every backend runs (template:
 * {@code dev/scatter/core/wrapper/task.sh}). A backend contributes only its header lines
 * ({@code #SBATCH …}, {@code #PBS …}).
 *
 * <p>Invariants the backends rely on: the task index comes from {@code SCATTER_TASK_INDEX},
 * {@code SLURM_ARRAY_TASK_ID}, {@code PBS_ARRAY_INDEX} or {@code PBS_ARRAYID}, plus
 * {@code SCATTER_INDEX_OFFSET} for arrays split below a scheduler's maximum index; the script
 * {@code cd}s to the run's working directory itself; it exits non-zero when an entry failed.
 */
public final class WrapperScript {

    /**
     * Variables read by the BLAS, OpenMP and threading runtimes users meet most: NumPy/SciPy via
     * OpenBLAS, MKL or Accelerate, numexpr, BLIS, GotoBLAS, Rust's rayon, Julia, Go, Polars.
     */
    public static final List<String> THREAD_VARIABLES = List.of(
            "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
            "NUMEXPR_NUM_THREADS", "NUMEXPR_MAX_THREADS", "BLIS_NUM_THREADS", "GOTO_NUM_THREADS",
            "RAYON_NUM_THREADS", "JULIA_NUM_THREADS", "GOMAXPROCS", "POLARS_MAX_THREADS");

    private static final String TEMPLATE = load();

    private WrapperScript() {
    }

    public static String render(RunDir run, RunSpec spec, AttemptDir attempt, AttemptSpec attemptSpec, List<String> header) {
        String guard = spec.threadGuard()
                ? "# Thread guard: parallel tasks must not each start one thread per core of the node.\n"
                + "# A variable the user already set wins.\n"
                + "for __sc_v in " + String.join(" ", THREAD_VARIABLES) + "; do\n"
                + "    [ -n \"${!__sc_v+x}\" ] || export \"$__sc_v=$__sc_cpus\"\n"
                + "done"
                : "# Thread guard off (--no-thread-guard).";
        return TEMPLATE
                .replace("@@HEADER@@\n", header.isEmpty() ? "" : String.join("\n", header) + "\n")
                .replace("@@THREAD_GUARD@@", guard)
                .replace("@@RUN_ID@@", ShellQuote.quote(spec.id()))
                .replace("@@RUN_DIR@@", ShellQuote.quote(run.jobRoot(spec).toString()))
                .replace("@@ATTEMPT_DIR@@", ShellQuote.quote(attempt.jobRoot(spec).toString()))
                .replace("@@ATTEMPT@@", Integer.toString(attempt.number()))
                .replace("@@TOKEN@@", spec.token())
                .replace("@@CPUS@@", Integer.toString(attemptSpec.resources().cpus()))
                .replace("@@WORKDIR@@", ShellQuote.quote(spec.workdir().toString()))
                .replace("@@INDEX_LINE@@", Integer.toString(AttemptDir.INDEX_LINE))
                .replace("@@KEEP_TMP@@", spec.keepTmp() ? "1" : "0");
    }

    private static String load() {
        try (InputStream in = WrapperScript.class.getResourceAsStream("task.sh")) {
            if (in == null) {
                throw new IllegalStateException("task.sh template missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
