package dev.scatter.pbs;

import dev.scatter.core.grid.Directive;
import dev.scatter.core.model.Resources;
import java.util.List;

/**
 * Torque 6's options where they differ from PBS Pro's: {@code -t} arrays, {@code -l
 * nodes=1:ppn=C,mem=…,walltime=…} resources, and array dependencies named {@code afterokarray} /
 * {@code afteranyarray} (Torque's README.array_changes and qsub docs: a plain {@code afterok}
 * takes job ids, not array ids). Everything else is PBS's.
 */
final class TorqueScriptGenerator extends PbsScriptGenerator {

    @Override
    protected String arrayFlag() {
        return "-t";
    }

    /** One -l: {@code nodes=1:ppn=C[:gpus=G],mem=Mmb,walltime=HH:MM:SS}. */
    @Override
    protected List<Directive> resources(Resources r) {
        StringBuilder l = new StringBuilder("nodes=1:ppn=").append(r.cpus());
        if (r.gpus() > 0) {
            l.append(":gpus=").append(r.gpus());
        }
        r.memory().ifPresent(m -> l.append(",mem=").append(memory(m)));
        r.time().ifPresent(t -> l.append(",walltime=").append(t.hoursMinutesSeconds()));
        return List.of(Directive.of("-l", l.toString()));
    }

    @Override
    protected String afterAny(String id) {
        return (isArray(id) ? "afteranyarray:" : "afterany:") + id;
    }

    /** Arrays and plain jobs (a one-task step) take different keywords, so each id gets its own condition. */
    @Override
    protected String afterOk(List<String> ids) {
        List<String> arrays = ids.stream().filter(TorqueScriptGenerator::isArray).toList();
        List<String> jobs = ids.stream().filter(id -> !isArray(id)).toList();
        StringBuilder sb = new StringBuilder();
        if (!jobs.isEmpty()) {
            sb.append("afterok:").append(String.join(":", jobs));
        }
        for (String a : arrays) {
            sb.append(sb.length() > 0 ? "," : "").append("afterokarray:").append(a);
        }
        return sb.toString();
    }

    @Override
    protected List<String> ourFlags() {
        return List.of("-t", "-N", "-o", "-e", "-j", "-v", "-z");
    }

    private static boolean isArray(String id) {
        return id.contains("[]");
    }
}
