package dev.scatter.sim.pbs;

import dev.scatter.core.io.ShellWords;
import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.Getopt;
import dev.scatter.sim.dialect.NeedsStdin;
import dev.scatter.sim.queue.Dependency;
import dev.scatter.sim.queue.JobSpec;
import dev.scatter.sim.queue.ResourceRequest;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code qsub}: {@code #PBS} lines overridden by the command line; the exit codes of trap PBS 2
 * (2 usage, 3 array too big, 166 bad value, 170 unknown queue, 175 root, 187 unknown resource,
 * 1 missing script).
 */
final class Qsub {

    private final PbsDialect dialect;
    private final SimCluster cluster;
    private final SimConfig config;
    private final Getopt options;

    Qsub(PbsDialect dialect) {
        this.dialect = dialect;
        this.cluster = dialect.cluster();
        this.config = dialect.config();
        this.options = Getopt.posix(dialect.qsubOptstring(), true, Getopt.longOpt("version", false));
    }

    Reply run(Invocation inv) {
        List<String> raw = inv.args();
        Getopt.Result cli;
        try {
            cli = options.parse(raw);
        } catch (Getopt.Failure f) {
            String line = f.kind().equals("invalid") ? "qsub: invalid option -- '" + f.detail() + "'"
                    : f.kind().startsWith("requires") ? "qsub: option requires an argument -- '" + f.detail() + "'"
                    : f.message("qsub");
            return usage(line);
        }
        if (cli.has("version")) {
            return Reply.ok(dialect.versionLine() + "\n");
        }
        // ---- the job: a script file, "-- executable args", or a script on stdin
        boolean executableForm = isExecutableForm(raw, cli.operands());
        String script = null;
        List<String> executable = null;
        String defaultName;
        if (executableForm) {
            if (cli.operands().isEmpty()) {
                return usage("qsub: no executable given");
            }
            executable = List.copyOf(cli.operands());
            String exe = executable.get(0);
            defaultName = exe.substring(exe.lastIndexOf('/') + 1);
        } else if (!cli.operands().isEmpty()) {
            Path file = inv.cwd().resolve(cli.operands().get(0));
            try {
                script = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return Reply.error(1, "qsub: script file:: No such file or directory\n");
            }
            defaultName = file.getFileName().toString();
        } else {
            if (inv.stdin() == null) {
                throw new NeedsStdin();
            }
            script = inv.stdin();
            defaultName = "STDIN";
        }
        // ---- #PBS directives first, then the command line
        Map<String, List<String>> o = new LinkedHashMap<>();
        if (script != null) {
            try {
                for (Getopt.Found f : options.parse(directives(script)).options()) {
                    o.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f.value() == null ? "" : f.value());
                }
            } catch (Getopt.Failure f) {
                return usage("qsub: directive error: " + f.detail());
            }
        }
        Map<String, List<String>> fromCli = new LinkedHashMap<>();
        for (Getopt.Found f : cli.options()) {
            fromCli.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f.value() == null ? "" : f.value());
        }
        for (Map.Entry<String, List<String>> e : fromCli.entrySet()) {
            if (e.getKey().equals("l") || e.getKey().equals("W") || e.getKey().equals("v")) {
                o.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
            } else {
                o.put(e.getKey(), e.getValue());
            }
        }
        return submit(inv, o, script, executable, defaultName);
    }

    /** {@code qsub [opts] -- exe args}: a "--" that getopt stopped at, not a script operand. */
    private static boolean isExecutableForm(List<String> raw, List<String> operands) {
        int dash = raw.indexOf("--");
        return dash >= 0 && raw.size() - dash - 1 == operands.size();
    }

    /** The words of every {@code #PBS} line before the first command. */
    private static List<String> directives(String script) {
        List<String> words = new ArrayList<>();
        boolean first = true;
        for (String line : script.split("\n")) {
            String t = line.trim();
            if (first && t.startsWith("#!")) {
                first = false;
                continue;
            }
            first = false;
            if (t.isEmpty() || (t.startsWith("#") && !t.startsWith("#PBS"))) {
                continue;
            }
            if (!t.startsWith("#PBS")) {
                break;
            }
            words.addAll(ShellWords.split(t.substring(4)));
        }
        return words;
    }

    private Reply submit(Invocation inv, Map<String, List<String>> o, String script, List<String> executable,
                         String defaultName) {
        PbsJobInfo info = new PbsJobInfo();
        info.script = script;
        info.executable = executable;
        info.submitDir = inv.cwd();
        info.submitEnv = inv.environment();
        info.submitArguments = String.join(" ", inv.args());
        // ---- array
        List<Integer> indices = null;
        int throttle = 0;
        String arrayOpt = String.valueOf(dialect.arrayOption());
        if (o.containsKey(arrayOpt)) {
            PbsArraySpec spec = dialect.parseArray(last(o, arrayOpt));
            if (spec == null) {
                return usage("qsub: illegal -" + arrayOpt + " value");
            }
            if (spec.indices().size() > config.effectiveMaxArraySize()) {
                return Reply.error(3, "qsub: Array job exceeds server or queue size limit\n");
            }
            if (o.containsKey("r") && last(o, "r").equals("n")) {
                return usage("qsub:  cannot submit non-rerunable Array Job");
            }
            indices = spec.indices();
            throttle = spec.throttle();
            info.rangeText = spec.rangeText();
        }
        // ---- name, queue, paths
        info.name = o.containsKey("N") ? last(o, "N") : defaultName;
        if (info.name.isEmpty() || info.name.chars().anyMatch(Character::isWhitespace) || info.name.length() > 236) {
            return usage("qsub: illegal -N value");
        }
        info.queue = config.pbsQueue();
        if (o.containsKey("q")) {
            String q = last(o, "q");
            int at = q.indexOf('@');
            String name = at >= 0 ? q.substring(0, at) : q;
            if (!name.isEmpty() && !name.equals(config.pbsQueue())) {
                return Reply.error(170, "qsub: Unknown queue\n");
            }
        }
        info.outputSpec = o.containsKey("o") ? last(o, "o") : null;
        info.errorSpec = o.containsKey("e") ? last(o, "e") : null;
        if (o.containsKey("j")) {
            String j = last(o, "j");
            if (!j.equals("oe") && !j.equals("eo") && !j.equals("n")) {
                return usage("qsub: illegal -j value");
            }
            info.join = j;
        }
        info.shell = o.containsKey("S") ? last(o, "S") : null;
        info.account = o.containsKey("A") ? last(o, "A") : null;
        info.exportAll = o.containsKey("V");
        for (String v : o.getOrDefault("v", List.of())) {
            for (String item : v.split(",")) {
                int eq = item.indexOf('=');
                if (eq >= 0) {
                    info.variables.put(item.substring(0, eq), item.substring(eq + 1));
                } else if (!item.isEmpty()) {
                    info.variables.put(item, inv.environment().getOrDefault(item, ""));
                }
            }
        }
        dialect.applyExtraOptions(o, info);
        // ---- resources
        boolean[] explicitSelect = {false};
        for (String l : o.getOrDefault("l", List.of())) {
            PbsResources.Problem p = dialect.applyResources(l, info, explicitSelect);
            if (p != null) {
                return Reply.error(p.exitCode(), p.message() + "\n");
            }
        }
        dialect.completeResources(info, explicitSelect[0]);
        // ---- -W depend=…, block=true
        Dependency dependency = null;
        for (String w : o.getOrDefault("W", List.of())) {
            if (w.startsWith("depend=")) {
                dependency = parseDependency(w.substring("depend=".length()));
                if (dependency == null) {
                    return Reply.error(153, "qsub: Unknown Job Id " + w.substring(w.lastIndexOf(':') + 1) + "\n");
                }
                info.dependText = w.substring("depend=".length());
            } else if (w.equals("block=true")) {
                info.block = true;
            }
        }
        if (config.user().equals("root")) {
            return Reply.error(175, "qsub: Bad UID for job execution\n");
        }
        int nodes = Math.max(1, dialect.chunks(info));
        long memMb = (info.memKb + 1023) / 1024;
        ResourceRequest request = new ResourceRequest(nodes, info.ncpus, memMb, info.walltime, null, config.pbsEnforceMemory());
        JobSpec spec = new JobSpec(info.name, config.user(), request, indices, throttle, o.containsKey("h"), dependency,
                dialect.runtime(), info);
        SimJob job;
        synchronized (cluster) {
            job = cluster.submit(cluster.nextJobId(), spec);
        }
        String id = dialect.jobId(job);
        if (info.block) {
            return new Reply(waitFor(job), id + "\n", "");
        }
        return Reply.ok(o.containsKey("z") ? "" : id + "\n");
    }

    /** {@code -W block=true}: qsub returns the job's exit status as its own (qsub_block). */
    private int waitFor(SimJob job) {
        while (!cluster.read(job::allFinished)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        SimTask t = job.tasks().get(0);
        return cluster.read(() -> dialect.exitStatus(t)) & 0xff;
    }

    private Dependency parseDependency(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return null;
        }
        Dependency.Type type = dialect.dependencyType(text.substring(0, colon));
        if (type == null) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        for (String part : text.substring(colon + 1).split(":")) {
            PbsIds.Ref ref = PbsIds.parse(part);
            if (ref == null || cluster.job(ref.id()).isEmpty()) {
                return null;
            }
            ids.add(ref.id());
        }
        return new Dependency(type, ids);
    }

    private Reply usage(String firstLine) {
        return Reply.error(2, firstLine + "\n" + dialect.qsubUsage());
    }

    private static String last(Map<String, List<String>> o, String key) {
        List<String> values = o.get(key);
        return values.get(values.size() - 1);
    }
}
