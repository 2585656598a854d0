package dev.scatter.sim.pbs;

import dev.scatter.sim.FaultPlan;
import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.dialect.Dialect;
import dev.scatter.sim.queue.SimCluster;

import java.util.Random;
import java.util.Set;

public class PbsDialect implements Dialect {
    public PbsDialect(SimCluster cluster, FaultPlan faults) { }
    public Set<String> programs() { return Set.of(); }
    public Kind kind(String p) { return Kind.STATUS; }
    public Reply run(Invocation inv) { return null; }
    public Reply transientFailure(String p, Random r) { return null; }
}
