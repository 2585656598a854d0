package dev.scatter.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;

/**
 * Everything that shapes a simulated cluster. Defaults follow the clusters the fixtures were
 * captured on (SLURM node {@code c1}, partition {@code debug}, cluster and host {@code slurmx};
 * PBS server {@code pbshost}, queue {@code workq}), with this machine's cores and memory.
 *
 * @param scheduler        the dialect the cluster speaks
 * @param nodes            number of compute nodes
 * @param coresPerNode     CPUs of each node
 * @param memoryMbPerNode  memory of each node in MB
 * @param user             the submitting user's name as the scheduler prints it
 * @param uid              that user's uid (SLURM prints {@code CANCELLED by <uid>})
 * @param clockSpeedup     simulated seconds per real second
 * @param minJobAge        SLURM MinJobAge (finished jobs leave squeue after it); Torque keep_completed
 * @param maxArraySize     SLURM MaxArraySize / PBS max_array_size; 0 = the scheduler's default
 * @param maxSubmitJobs    SLURM QOS MaxSubmitJobsPerUser counting every array task; -1 = none
 * @param accounting       SLURM accounting storage on (sacct works) or off
 * @param pbsHistory       PBS job_history_enable (off is PBS's default)
 * @param slurmMemoryKill  how SLURM reports a task killed for memory (see fixtures trap 1)
 * @param clusterName      SLURM ClusterName
 * @param controlHost      SLURM SlurmctldHost and SLURM_SUBMIT_HOST
 * @param partition        the single SLURM partition
 * @param accounts         SLURM accounts the user may use
 * @param pbsServer        PBS server name (the suffix of job ids)
 * @param pbsQueue         the single PBS queue
 * @param pbsHome          the user's home: PBS jobs start there (fixtures trap PBS 3)
 * @param spoolDir         where job scripts and staged PBS output live while jobs run
 * @param defMemPerCpuMb   SLURM DefMemPerCPU
 * @param defaultTime      SLURM partition DefaultTime
 * @param maxTime          SLURM partition MaxTime (longer requests pend with PartitionTimeLimit)
 * @param killWait         SLURM KillWait: SIGTERM, then SIGKILL after this (simulated time)
 * @param pbsEnforceMemory PBS MoM {@code $enforce mem} (off on the fixture cluster)
 * @param seed             seed of every random choice (fault injection)
 * @param zone             time zone of printed times
 */
public record SimConfig(
        Scheduler scheduler,
        int nodes,
        int coresPerNode,
        long memoryMbPerNode,
        String user,
        int uid,
        double clockSpeedup,
        Duration minJobAge,
        int maxArraySize,
        int maxSubmitJobs,
        boolean accounting,
        boolean pbsHistory,
        MemoryKillReport slurmMemoryKill,
        String clusterName,
        String controlHost,
        String partition,
        List<String> accounts,
        String pbsServer,
        String pbsQueue,
        Path pbsHome,
        Path spoolDir,
        long defMemPerCpuMb,
        Duration defaultTime,
        Duration maxTime,
        Duration killWait,
        boolean pbsEnforceMemory,
        long seed,
        ZoneId zone) {

    /** How SLURM reports a memory kill: as on the fixture cluster, or as on a cgroup cluster. */
    public enum MemoryKillReport {
        /** {@code JobAcctGatherParams=OverMemoryKill}, no cgroups: {@code FAILED 0:9} (fixtures trap 1). */
        OVER_MEMORY_KILL,
        /** {@code task/cgroup}: {@code OUT_OF_MEMORY 0:125}. */
        CGROUP
    }

    public SimConfig {
        if (nodes < 1 || coresPerNode < 1 || memoryMbPerNode < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node with a core and memory");
        }
        accounts = List.copyOf(accounts);
    }

    public static SimConfig defaults(Scheduler scheduler) {
        return builder(scheduler).build();
    }

    public static Builder builder(Scheduler scheduler) {
        return new Builder(scheduler);
    }

    public Builder toBuilder() {
        Builder b = new Builder(scheduler);
        b.nodes = nodes;
        b.coresPerNode = coresPerNode;
        b.memoryMbPerNode = memoryMbPerNode;
        b.user = user;
        b.uid = uid;
        b.clockSpeedup = clockSpeedup;
        b.minJobAge = minJobAge;
        b.maxArraySize = maxArraySize;
        b.maxSubmitJobs = maxSubmitJobs;
        b.accounting = accounting;
        b.pbsHistory = pbsHistory;
        b.slurmMemoryKill = slurmMemoryKill;
        b.clusterName = clusterName;
        b.controlHost = controlHost;
        b.partition = partition;
        b.accounts = accounts;
        b.pbsServer = pbsServer;
        b.pbsQueue = pbsQueue;
        b.pbsHome = pbsHome;
        b.spoolDir = spoolDir;
        b.defMemPerCpuMb = defMemPerCpuMb;
        b.defaultTime = defaultTime;
        b.maxTime = maxTime;
        b.killWait = killWait;
        b.pbsEnforceMemory = pbsEnforceMemory;
        b.seed = seed;
        b.zone = zone;
        return b;
    }

    /** MaxArraySize with the scheduler's default applied (SLURM 1001, PBS 10000, Torque 1000). */
    public int effectiveMaxArraySize() {
        if (maxArraySize > 0) {
            return maxArraySize;
        }
        return switch (scheduler) {
            case SLURM -> 1001;
            case OPENPBS -> 10000;
            case TORQUE -> 1000;
        };
    }

    /** Node names: SLURM {@code c1..cN}; PBS the server host itself, then {@code <server>-2..N}. */
    public List<String> nodeNames() {
        String[] names = new String[nodes];
        for (int i = 0; i < nodes; i++) {
            names[i] = scheduler == Scheduler.SLURM ? "c" + (i + 1) : (i == 0 ? pbsServer : pbsServer + "-" + (i + 1));
        }
        return List.of(names);
    }

    // ---- persistence, so a detached server starts with the caller's configuration

    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("scheduler", scheduler.name());
        p.setProperty("nodes", Integer.toString(nodes));
        p.setProperty("coresPerNode", Integer.toString(coresPerNode));
        p.setProperty("memoryMbPerNode", Long.toString(memoryMbPerNode));
        p.setProperty("user", user);
        p.setProperty("uid", Integer.toString(uid));
        p.setProperty("clockSpeedup", Double.toString(clockSpeedup));
        p.setProperty("minJobAge", minJobAge.toString());
        p.setProperty("maxArraySize", Integer.toString(maxArraySize));
        p.setProperty("maxSubmitJobs", Integer.toString(maxSubmitJobs));
        p.setProperty("accounting", Boolean.toString(accounting));
        p.setProperty("pbsHistory", Boolean.toString(pbsHistory));
        p.setProperty("slurmMemoryKill", slurmMemoryKill.name());
        p.setProperty("clusterName", clusterName);
        p.setProperty("controlHost", controlHost);
        p.setProperty("partition", partition);
        p.setProperty("accounts", String.join(",", accounts));
        p.setProperty("pbsServer", pbsServer);
        p.setProperty("pbsQueue", pbsQueue);
        p.setProperty("pbsHome", pbsHome.toString());
        p.setProperty("spoolDir", spoolDir.toString());
        p.setProperty("defMemPerCpuMb", Long.toString(defMemPerCpuMb));
        p.setProperty("defaultTime", defaultTime.toString());
        p.setProperty("maxTime", maxTime.toString());
        p.setProperty("killWait", killWait.toString());
        p.setProperty("pbsEnforceMemory", Boolean.toString(pbsEnforceMemory));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("zone", zone.getId());
        return p;
    }

    /** Reads what {@link #toProperties()} wrote; missing keys keep their defaults. */
    public static SimConfig fromProperties(Properties p) {
        Builder b = builder(Scheduler.valueOf(p.getProperty("scheduler", "SLURM")));
        String v;
        if ((v = p.getProperty("nodes")) != null) b.nodes(Integer.parseInt(v));
        if ((v = p.getProperty("coresPerNode")) != null) b.coresPerNode(Integer.parseInt(v));
        if ((v = p.getProperty("memoryMbPerNode")) != null) b.memoryMbPerNode(Long.parseLong(v));
        if ((v = p.getProperty("user")) != null) b.user(v);
        if ((v = p.getProperty("uid")) != null) b.uid(Integer.parseInt(v));
        if ((v = p.getProperty("clockSpeedup")) != null) b.clockSpeedup(Double.parseDouble(v));
        if ((v = p.getProperty("minJobAge")) != null) b.minJobAge(Duration.parse(v));
        if ((v = p.getProperty("maxArraySize")) != null) b.maxArraySize(Integer.parseInt(v));
        if ((v = p.getProperty("maxSubmitJobs")) != null) b.maxSubmitJobs(Integer.parseInt(v));
        if ((v = p.getProperty("accounting")) != null) b.accounting(Boolean.parseBoolean(v));
        if ((v = p.getProperty("pbsHistory")) != null) b.pbsHistory(Boolean.parseBoolean(v));
        if ((v = p.getProperty("slurmMemoryKill")) != null) b.slurmMemoryKill(MemoryKillReport.valueOf(v));
        if ((v = p.getProperty("clusterName")) != null) b.clusterName(v);
        if ((v = p.getProperty("controlHost")) != null) b.controlHost(v);
        if ((v = p.getProperty("partition")) != null) b.partition(v);
        if ((v = p.getProperty("accounts")) != null) b.accounts(List.of(v.split(",")));
        if ((v = p.getProperty("pbsServer")) != null) b.pbsServer(v);
        if ((v = p.getProperty("pbsQueue")) != null) b.pbsQueue(v);
        if ((v = p.getProperty("pbsHome")) != null) b.pbsHome(Path.of(v));
        if ((v = p.getProperty("spoolDir")) != null) b.spoolDir(Path.of(v));
        if ((v = p.getProperty("defMemPerCpuMb")) != null) b.defMemPerCpuMb(Long.parseLong(v));
        if ((v = p.getProperty("defaultTime")) != null) b.defaultTime(Duration.parse(v));
        if ((v = p.getProperty("maxTime")) != null) b.maxTime(Duration.parse(v));
        if ((v = p.getProperty("killWait")) != null) b.killWait(Duration.parse(v));
        if ((v = p.getProperty("pbsEnforceMemory")) != null) b.pbsEnforceMemory(Boolean.parseBoolean(v));
        if ((v = p.getProperty("seed")) != null) b.seed(Long.parseLong(v));
        if ((v = p.getProperty("zone")) != null) b.zone(ZoneId.of(v));
        return b.build();
    }

    public void store(Path file) throws IOException {
        try (var out = Files.newBufferedWriter(file)) {
            toProperties().store(out, "scatter simulator configuration");
        }
    }

    public static SimConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return fromProperties(p);
    }

    /** Mutable builder; every setter returns {@code this}. */
    public static final class Builder {
        private final Scheduler scheduler;
        private int nodes = 1;
        private int coresPerNode = Runtime.getRuntime().availableProcessors();
        private long memoryMbPerNode = MachineFacts.totalMemoryMb();
        private String user = defaultUser();
        private int uid = MachineFacts.uid();
        private double clockSpeedup = 1.0;
        private Duration minJobAge = Duration.ofSeconds(300);
        private int maxArraySize = 0;
        private int maxSubmitJobs = -1;
        private boolean accounting = true;
        private boolean pbsHistory = false;
        private MemoryKillReport slurmMemoryKill = MemoryKillReport.OVER_MEMORY_KILL;
        private String clusterName = "slurmx";
        private String controlHost = "slurmx";
        private String partition = "debug";
        private List<String> accounts = List.of("default");
        private String pbsServer = "pbshost";
        private String pbsQueue = "workq";
        private Path pbsHome = Path.of(System.getProperty("user.home", "/tmp"));
        private Path spoolDir = Path.of(System.getProperty("java.io.tmpdir"), "scatter-sim-" + System.getProperty("user.name", "user"));
        private long defMemPerCpuMb = 500;
        private Duration defaultTime = Duration.ofHours(1);
        private Duration maxTime = Duration.ofDays(1);
        private Duration killWait = Duration.ofSeconds(5);
        private boolean pbsEnforceMemory = false;
        private long seed = 42;
        private ZoneId zone = ZoneId.systemDefault();

        /**
         * The login name, except root: PBS refuses root's jobs (qsub_err_root_bad_uid), so a
         * simulator started as root (a container) submits as "scatter" unless told otherwise.
         */
        private static String defaultUser() {
            String name = System.getProperty("user.name", "user");
            return name.equals("root") ? "scatter" : name;
        }

        private Builder(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        public Builder nodes(int v) { nodes = v; return this; }
        public Builder coresPerNode(int v) { coresPerNode = v; return this; }
        public Builder memoryMbPerNode(long v) { memoryMbPerNode = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder uid(int v) { uid = v; return this; }
        public Builder clockSpeedup(double v) { clockSpeedup = v; return this; }
        public Builder minJobAge(Duration v) { minJobAge = v; return this; }
        public Builder maxArraySize(int v) { maxArraySize = v; return this; }
        public Builder maxSubmitJobs(int v) { maxSubmitJobs = v; return this; }
        public Builder accounting(boolean v) { accounting = v; return this; }
        public Builder pbsHistory(boolean v) { pbsHistory = v; return this; }
        public Builder slurmMemoryKill(MemoryKillReport v) { slurmMemoryKill = v; return this; }
        public Builder clusterName(String v) { clusterName = v; return this; }
        public Builder controlHost(String v) { controlHost = v; return this; }
        public Builder partition(String v) { partition = v; return this; }
        public Builder accounts(List<String> v) { accounts = v; return this; }
        public Builder pbsServer(String v) { pbsServer = v; return this; }
        public Builder pbsQueue(String v) { pbsQueue = v; return this; }
        public Builder pbsHome(Path v) { pbsHome = v; return this; }
        public Builder spoolDir(Path v) { spoolDir = v; return this; }
        public Builder defMemPerCpuMb(long v) { defMemPerCpuMb = v; return this; }
        public Builder defaultTime(Duration v) { defaultTime = v; return this; }
        public Builder maxTime(Duration v) { maxTime = v; return this; }
        public Builder killWait(Duration v) { killWait = v; return this; }
        public Builder pbsEnforceMemory(boolean v) { pbsEnforceMemory = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder zone(ZoneId v) { zone = v; return this; }

        public SimConfig build() {
            return new SimConfig(scheduler, nodes, coresPerNode, memoryMbPerNode, user, uid, clockSpeedup, minJobAge,
                    maxArraySize, maxSubmitJobs, accounting, pbsHistory, slurmMemoryKill, clusterName, controlHost,
                    partition, accounts, pbsServer, pbsQueue, pbsHome, spoolDir, defMemPerCpuMb, defaultTime, maxTime,
                    killWait, pbsEnforceMemory, seed, zone);
        }
    }
}
