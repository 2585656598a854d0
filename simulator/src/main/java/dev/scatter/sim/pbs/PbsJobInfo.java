package dev.scatter.sim.pbs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What qsub recorded about a job: everything qstat prints and the job needs to start. */
final class PbsJobInfo {

    String name;
    Path submitDir;
    /** The script's text, or null when submitted as {@code -- executable args}. */
    String script;
    List<String> executable;
    String shell;
    String submitArguments;
    /** -o / -e as given (null = default name), and -j. */
    String outputSpec;
    String errorSpec;
    String join = "n";
    int ncpus = 1;
    Integer ompthreads;
    /** Memory as typed ({@code 100mb}) and in KB; null/0 when not requested. */
    String memText;
    long memKb;
    String select;
    String place;
    Duration walltime;
    /** Torque's nodes= spec as given (e.g. {@code 1:ppn=4}). */
    String nodesSpec;
    Map<String, String> variables = new LinkedHashMap<>();
    boolean exportAll;
    Map<String, String> submitEnv = Map.of();
    String queue;
    String account;
    boolean block;
    String rangeText;
    String dependText;
    /** Torque's -d: where the job starts instead of $HOME. */
    Path initDir;

    // ---- mutable, under the cluster lock

    /** qdel of the whole job: when, so comments say "terminated" and history is rewritten (trap 8). */
    Instant deleteTime;
    /** Subjobs that had finished when the whole array was deleted: shown as templates afterwards. */
    final Set<Integer> rewritten = new HashSet<>();
    /** The CPU slot each started task got on its node (exec_host {@code pbshost/1}), by index. */
    final Map<Integer, Integer> slots = new java.util.HashMap<>();

    boolean isExecutable() {
        return executable != null;
    }
}
