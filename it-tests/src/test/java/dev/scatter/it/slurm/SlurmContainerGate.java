package dev.scatter.it.slurm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Decides, once per JVM, whether the real-SLURM tests can run: a Docker engine answers, Testcontainers
 * can use it, and the image {@link SlurmContainer#DEFAULT_IMAGE} exists and matches the recipe in
 * {@code it-tests/docker/slurm}. When not, the test class is <b>skipped</b> with a message saying how
 * to enable it, except when the environment has {@code CI} or {@code SCATTER_REQUIRE_DOCKER=1}: then
 * it <b>fails</b>, so that a CI machine without the engine cannot pass by running nothing.
 */
public final class SlurmContainerGate implements ExecutionCondition {

    static final String HOW_TO_ENABLE = "Enable them with: .ci/ensure-docker && it-tests/docker/slurm/build-image"
            + " (outside Maven, e.g. in an IDE, also set TESTCONTAINERS_RYUK_DISABLED=true"
            + " TESTCONTAINERS_HOST_OVERRIDE=localhost)";
    /** The label build-image puts on the image: the hash of the recipe it was built from. */
    static final String RECIPE_HASH_LABEL = "dev.scatter.recipe-hash";

    private static Optional<String> problem;
    private static boolean announced;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> skip = skipReason();
        return skip.isEmpty()
                ? ConditionEvaluationResult.enabled("Docker and " + SlurmContainer.DEFAULT_IMAGE + " are here")
                : ConditionEvaluationResult.disabled(skip.get());
    }

    /**
     * The same decision for one invocation instead of a whole class, e.g. the real-SLURM target of a
     * suite parameterized over backends: returns when the container can run; aborts the invocation
     * (JUnit shows it skipped, with the message) when it cannot; throws when Docker is required here.
     */
    public static void assumeAvailable() {
        skipReason().ifPresent(Assumptions::abort);
    }

    /**
     * Empty when the container can run; else the skip message (said once on stderr too), or an
     * {@link IllegalStateException} when Docker is required here.
     */
    private static synchronized Optional<String> skipReason() {
        Optional<String> why = problem();
        if (why.isEmpty()) {
            return Optional.empty();
        }
        if (dockerRequired()) {
            throw new IllegalStateException("[real-slurm] " + why.get() + ", and Docker is required here ("
                    + (System.getenv("CI") != null ? "CI is set" : "SCATTER_REQUIRE_DOCKER=1") + "). "
                    + HOW_TO_ENABLE + ".");
        }
        String message = "[real-slurm] skipped: " + why.get() + ". " + HOW_TO_ENABLE + ".";
        if (!announced) {
            // Surefire shows a skip reason only in its XML report; say it once where people look.
            System.err.println(message);
            announced = true;
        }
        return Optional.of(message);
    }

    /** True on CI and wherever SCATTER_REQUIRE_DOCKER=1: a missing engine or image is an error there. */
    static boolean dockerRequired() {
        return System.getenv("CI") != null || "1".equals(System.getenv("SCATTER_REQUIRE_DOCKER"));
    }

    /** Why the SLURM container cannot run here, or empty when it can. Checked once per JVM. */
    static synchronized Optional<String> problem() {
        if (problem == null) {
            problem = Optional.ofNullable(check());
        }
        return problem;
    }

    private static String check() {
        DockerClientFactory factory = DockerClientFactory.instance();
        if (!factory.isDockerAvailable()) {
            return "no Docker engine is reachable";
        }
        DockerClient client;
        try {
            client = factory.client();
        } catch (RuntimeException e) {
            // Typically Ryuk: Testcontainers pulls testcontainers/ryuk, and there is no registry here.
            return "Testcontainers cannot use the Docker engine (" + e.getMessage() + ");"
                    + " without an image registry it needs TESTCONTAINERS_RYUK_DISABLED=true";
        }
        String image = SlurmContainer.DEFAULT_IMAGE.asCanonicalNameString();
        Map<String, String> labels;
        try {
            labels = client.inspectImageCmd(image).exec().getConfig().getLabels();
        } catch (NotFoundException e) {
            return "the image " + image + " does not exist (no registry has it: it is built locally)";
        }
        String built = labels == null ? null : labels.get(RECIPE_HASH_LABEL);
        Optional<String> current = recipeHash();
        if (current.isPresent() && !current.get().equals(built)) {
            return "the image " + image + " is out of date: it was built from recipe " + abbreviate(built)
                    + " but it-tests/docker/slurm is now " + abbreviate(current.get());
        }
        return null;
    }

    /**
     * The hash build-image computes: sha256 over the lines {@code sha256sum} prints for every file of
     * the recipe directory except README.md, by relative path in byte order. Empty when the recipe
     * directory cannot be found from the working directory (then staleness is not checked).
     */
    static Optional<String> recipeHash() {
        Optional<Path> dir = Stream.of(Path.of("docker/slurm"), Path.of("it-tests/docker/slurm"))
                .filter(p -> Files.isRegularFile(p.resolve("build-image")))
                .findFirst();
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Path root = dir.get();
        try (Stream<Path> walk = Files.walk(root)) {
            List<String> files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("README.md"))
                    .map(p -> "./" + root.relativize(p).toString())
                    .sorted(SlurmContainerGate::compareBytes)
                    .toList();
            StringBuilder listing = new StringBuilder();
            for (String file : files) {
                listing.append(sha256(Files.readAllBytes(root.resolve(file)))).append("  ").append(file).append('\n');
            }
            return Optional.of(sha256(listing.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash the image recipe in " + root, e);
        }
    }

    /** The order of {@code LC_ALL=C sort}. */
    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String abbreviate(String hash) {
        return hash == null ? "(unknown)" : hash.substring(0, Math.min(12, hash.length()));
    }
}
