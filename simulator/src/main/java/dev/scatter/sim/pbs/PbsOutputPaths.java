package dev.scatter.sim.pbs;

import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where PBS puts a job's output and error files: {@code -o}/{@code -e} as given (a file, or a
 * directory that gets {@code <id>.OU}/{@code .ER}), else the dialect's default name in the
 * submit directory; an array's paths keep {@code ^array_index^} until a subjob fills it in.
 */
final class PbsOutputPaths {

    private final PbsDialect dialect;

    PbsOutputPaths(PbsDialect dialect) {
        this.dialect = dialect;
    }

    /** Where a task's output ends up after stage-out. */
    Path file(SimTask t, char kind) {
        String index = t.index() < 0 ? null : Integer.toString(t.index());
        return resolve(t.job(), kind, index, dialect.taskId(t));
    }

    /** The array's Output_Path/Error_Path with {@code ^array_index^} left in. */
    String arrayTemplate(SimJob job, char kind) {
        PbsJobInfo info = job.info(PbsJobInfo.class);
        String spec = kind == 'o' ? info.outputSpec : info.errorSpec;
        if (spec != null && isDirectory(info, spec)) {
            return info.submitDir.resolve(stripHost(spec)) + "/";
        }
        return resolve(job, kind, "^array_index^", null).toString();
    }

    private Path resolve(SimJob job, char kind, String index, String taskId) {
        PbsJobInfo info = job.info(PbsJobInfo.class);
        String spec = kind == 'o' ? info.outputSpec : info.errorSpec;
        if (spec == null) {
            return info.submitDir.resolve(dialect.defaultOutputName(job, kind, index));
        }
        String path = stripHost(spec);
        if (isDirectory(info, spec)) {
            // -o dir/ gives 20[0].pbshost.OU / .ER (ls_output_names)
            String id = taskId != null ? taskId : dialect.jobId(job);
            return info.submitDir.resolve(path).resolve(id + (kind == 'o' ? ".OU" : ".ER"));
        }
        return info.submitDir.resolve(index == null ? path : path.replace("^array_index^", index));
    }

    private static boolean isDirectory(PbsJobInfo info, String spec) {
        String path = stripHost(spec);
        return path.endsWith("/") || Files.isDirectory(info.submitDir.resolve(path));
    }

    private static String stripHost(String spec) {
        int colon = spec.indexOf(':');
        return colon > 0 && !spec.startsWith("/") ? spec.substring(colon + 1) : spec;
    }
}
