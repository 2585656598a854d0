package dev.scatter.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.scatter.core.io.AppendOnly;
import dev.scatter.core.io.ProcessMarker;
import dev.scatter.core.ledger.AttemptResults;
import dev.scatter.core.ledger.CancelledEntries;
import dev.scatter.core.ledger.CommandsFile;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.ledger.RunStore;
import dev.scatter.core.plan.AttemptWriter;
import dev.scatter.core.plan.RetryPlanner;
import dev.scatter.core.status.StatusReader;
import org.junit.jupiter.api.Test;

/**
 * The CLI parses, calls one method of core's {@code Runs} per verb, and prints. It never takes a
 * lock, writes the ledger, plans or orders attempts, or tells backends apart: that is core's, so
 * that anything else (a remote mode, a report, a Java caller) drives runs the same way.
 */
class CliLeavesTheEngineToCoreTest {

    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.scatter.cli");

    @Test
    void noCommandTakesALockWritesTheLedgerOrPlansAttempts() {
        noClasses().that().resideInAPackage("dev.scatter.cli")
                .should().dependOnClassesThat().belongToAnyOf(RunLock.class, RunStore.class, CancelledEntries.class,
                        ResultFile.class, CommandsFile.class, AttemptResults.class, AppendOnly.class, ProcessMarker.class,
                        AttemptWriter.class, RetryPlanner.class, StatusReader.class)
                .because("the lifecycle is core's (dev.scatter.core.run.Runs)")
                .check(CLI);
    }

    @Test
    void noCommandKnowsTheGridLayerOrABackendsClass() {
        noClasses().that().resideInAPackage("dev.scatter.cli").and().doNotHaveSimpleName("CliBackends")
                .should().dependOnClassesThat().resideInAnyPackage("dev.scatter.core.grid..", "dev.scatter.local..",
                        "dev.scatter.slurm..", "dev.scatter.pbs..", "dev.scatter.sim.backend..")
                .because("a backend says how it behaves through the SPI (Backend.mode()); only CliBackends wires them by name")
                .check(CLI);
    }
}
