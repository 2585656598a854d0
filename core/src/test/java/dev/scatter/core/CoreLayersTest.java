package dev.scatter.core;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * core is layered: each package may import only the packages below it (docs/DESIGN.md draws the
 * same table), and no two packages import each other, however indirectly. The build fails on an
 * import cycle, an upward import, or a package that is in no layer.
 */
class CoreLayersTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.scatter.core");

    /** Each package and what it may import, bottom up. */
    private static final Map<String, List<String>> MAY_IMPORT = new LinkedHashMap<>();

    static {
        MAY_IMPORT.put("errors", List.of());
        MAY_IMPORT.put("model", List.of("errors"));
        MAY_IMPORT.put("io", List.of("errors", "model"));
        MAY_IMPORT.put("ledger", List.of("errors", "model", "io"));
        MAY_IMPORT.put("spi", List.of("errors", "model", "io", "ledger"));
        MAY_IMPORT.put("config", List.of("errors", "model", "io"));
        MAY_IMPORT.put("input", List.of("errors", "model", "io"));
        MAY_IMPORT.put("template", List.of("errors", "model", "io"));
        MAY_IMPORT.put("wrapper", List.of("errors", "model", "io", "ledger"));
        MAY_IMPORT.put("verdict", List.of("errors", "model"));
        MAY_IMPORT.put("status", List.of("errors", "model", "io", "ledger", "spi", "verdict"));
        MAY_IMPORT.put("gather", List.of("errors", "model", "io", "ledger"));
        MAY_IMPORT.put("remote", List.of("errors", "model", "io", "ledger", "spi"));
        MAY_IMPORT.put("grid", List.of("errors", "model", "io", "ledger", "spi", "verdict"));
        MAY_IMPORT.put("plan", List.of("errors", "model", "io", "ledger", "spi", "input", "template", "wrapper"));
        MAY_IMPORT.put("report", List.of("errors", "model", "io", "ledger", "status", "gather"));
        MAY_IMPORT.put("run", List.of("errors", "model", "io", "ledger", "spi", "verdict", "status", "gather", "plan", "report",
                "remote"));
        MAY_IMPORT.put("doctor", List.of("errors", "model", "io", "ledger", "spi", "input", "wrapper", "config", "plan", "run"));
    }

    private static String packageOf(String layer) {
        return layer.equals("errors") ? "dev.scatter.core" : "dev.scatter.core." + layer + "..";
    }

    @Test
    void noPackageImportsAnotherThatImportsItBack() {
        slices().matching("dev.scatter.core.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void eachPackageImportsOnlyThePackagesBelowIt() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : MAY_IMPORT.keySet()) {
            layers = layers.layer(layer).definedBy(packageOf(layer));
        }
        for (Map.Entry<String, List<String>> e : MAY_IMPORT.entrySet()) {
            layers = e.getValue().isEmpty()
                    ? layers.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : layers.whereLayer(e.getKey()).mayOnlyAccessLayers(e.getValue().toArray(String[]::new));
        }
        layers.check(CORE);
    }

    @Test
    void everyPackageOfCoreIsInALayer() {
        List<String> unplaced = CORE.stream().map(JavaClass::getPackageName).distinct()
                .filter(p -> MAY_IMPORT.keySet().stream().noneMatch(l -> l.equals("errors")
                        ? p.equals("dev.scatter.core") : p.equals("dev.scatter.core." + l) || p.startsWith("dev.scatter.core." + l + ".")))
                .toList();
        assertThat(unplaced).as("packages of core that are in no layer: add them to MAY_IMPORT and docs/DESIGN.md").isEmpty();
    }
}
