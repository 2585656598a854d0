package dev.scatter.it.slurm;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.scatter.core.io.ShellQuote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * A whole SLURM 22.05.8 cluster (munged, MariaDB, slurmdbd, slurmctld and one slurmd) in one
 * unprivileged container, configured like the fixture cluster of
 * {@code shared/fixtures/README.md}: cluster and host {@code slurmx}, node {@code c1} (8 CPUs,
 * 8000 MB declared), partition {@code debug}, account {@code default} with {@code root} and
 * {@code slurmxuser} (uid 1000). Build the image with {@code it-tests/docker/slurm/build-image}.
 *
 * <p>A host directory is bind-mounted at the <em>same path</em> inside the container, so a job's
 * working directory and output files have one path on both sides. {@link #writePathShims} puts
 * {@code sbatch}, {@code squeue}… on the host that run in the container, which lets an unchanged
 * CLI on the host submit to this cluster from any directory inside {@link #getSharedDirectory()}.
 *
 * <p>The container is also a login node reachable over ssh: its sshd (port {@value #SSH_PORT},
 * published on a random host port, {@link #getSshPort()}) lets {@value #SUBMIT_USER} log in by key
 * only, and {@link #authorizeKey} installs a key. {@link SlurmSsh} makes a key pair and an ssh
 * config for the host's OpenSSH client. Jobs submitted over ssh from the remote home
 * ({@value #SUBMIT_HOME}) run and write there, on the container's own file system.
 *
 * <p>SLURM takes seconds to boot, so tests share one container per JVM: {@link #shared()}.
 */
public class SlurmContainer extends GenericContainer<SlurmContainer> {

    public static final DockerImageName DEFAULT_IMAGE = DockerImageName.parse("scatter/slurm").withTag("22.05.8");
    public static final String HOSTNAME = "slurmx";
    public static final String CLUSTER_NAME = "slurmx";
    public static final String SUBMIT_USER = "slurmxuser";
    public static final int SUBMIT_UID = 1000;
    /** {@value #SUBMIT_USER}'s home in the container: where an ssh login starts, writable by its jobs. */
    public static final String SUBMIT_HOME = "/home/slurmxuser";
    /** The container's sshd port (key logins of {@value #SUBMIT_USER} only). */
    public static final int SSH_PORT = 22;
    /** The commands {@link #writePathShims} provides on the host. */
    public static final List<String> SHIMMED_COMMANDS =
            List.of("sbatch", "squeue", "sacct", "scancel", "scontrol", "sinfo");
    /** MinJobAge of {@link #shared()}: finished jobs leave squeue after about 20 s instead of 6 min. */
    public static final Duration SHARED_MIN_JOB_AGE = Duration.ofSeconds(10);

    private static final String READY_FILE = "/run/slurmx.ready";
    private static SlurmContainer shared;

    private final Path sharedDirectory;
    private final ToStringConsumer startLog = new ToStringConsumer();
    private Duration minJobAge = Duration.ofSeconds(300);
    private final List<Path> readOnlyMounts = new java.util.ArrayList<>();

    public SlurmContainer(Path sharedDirectory) {
        this(DEFAULT_IMAGE, sharedDirectory);
    }

    public SlurmContainer(DockerImageName image, Path sharedDirectory) {
        super(image);
        image.assertCompatibleWith(DEFAULT_IMAGE);
        this.sharedDirectory = sharedDirectory.toAbsolutePath().normalize();
        withCreateContainerCmdModifier(cmd -> {
            // slurm.conf names the controller and the node's host `slurmx`.
            cmd.withHostName(HOSTNAME);
            // jobacct_gather reads /proc/<pid>/io of the user's processes; without CAP_SYS_PTRACE
            // the read fails for non-root jobs and OverMemoryKill never fires (fixtures README).
            cmd.getHostConfig().withCapAdd(Capability.SYS_PTRACE);
            // The bind is set here, not with withFileSystemBind: Testcontainers checks any bind
            // first by running alpine:3.17, and with no registry to pull it from, that check
            // retries for over three minutes before giving up.
            String path = this.sharedDirectory.toString();
            List<Bind> binds = new java.util.ArrayList<>(List.of(new Bind(path, new Volume(path), AccessMode.rw)));
            readOnlyMounts.forEach(p -> binds.add(new Bind(p.toString(), new Volume(p.toString()), AccessMode.ro)));
            cmd.getHostConfig().withBinds(binds);
            // sshd: Testcontainers publishes an exposed port on every interface of the host. On a
            // local engine only this machine's tests need it, so bind the loopback address alone.
            // A remote engine publishes on its own host, which getHost() names: leave that as is.
            if (localEngine()) {
                cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(SSH_PORT)));
            }
        });
        withExposedPorts(SSH_PORT);
        withEnv("SLURMX_MIN_JOB_AGE", Long.toString(minJobAge.toSeconds()));
        withLabel("dev.scatter.it", "slurm");
        withLogConsumer(startLog);
        waitingFor(new ReadyFileWaitStrategy().withStartupTimeout(Duration.ofMinutes(2)));
    }

    /**
     * The one container of this JVM, started on first use with {@link #SHARED_MIN_JOB_AGE}, its
     * shared directory under the system temp directory. It is stopped when the JVM exits (Ryuk is
     * disabled on these machines, so nothing else would remove it).
     */
    public static synchronized SlurmContainer shared() {
        if (shared == null) {
            Path dir;
            try {
                dir = Files.createTempDirectory("scatter-slurm-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SlurmContainer container = new SlurmContainer(dir).withMinJobAge(SHARED_MIN_JOB_AGE)
                    .withReadOnlyMount(dev.scatter.it.cli.ScatterCli.repository());
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                container.stop();
                deleteRecursively(dir);
            }, "stop-slurm-container"));
            shared = container;
        }
        return shared;
    }

    /**
     * Mounts a host directory read-only at the same path, e.g. this checkout, so that a job can run
     * the very scatter the test runs ({@code --task-time}'s sizing job), as on a cluster whose
     * software lives on a shared file system. The image has a Java 17 for it.
     */
    public SlurmContainer withReadOnlyMount(Path directory) {
        readOnlyMounts.add(directory.toAbsolutePath().normalize());
        return this;
    }

    /** Seconds a finished job stays visible in squeue/scontrol; SLURM purges it later (trap 6). */
    public SlurmContainer withMinJobAge(Duration age) {
        this.minJobAge = age;
        return withEnv("SLURMX_MIN_JOB_AGE", Long.toString(age.toSeconds()));
    }

    @Override
    protected void configure() {
        try {
            Files.createDirectories(sharedDirectory);
            makeWritableForJobs(sharedDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the shared directory " + sharedDirectory, e);
        }
    }

    @Override
    public void start() {
        try {
            super.start();
        } catch (ContainerLaunchException e) {
            throw new ContainerLaunchException("the SLURM container " + getDockerImageName()
                    + " did not become ready; its output:\n" + startLog.toUtf8String(), e);
        }
    }

    /**
     * A new directory inside the shared mount that jobs of {@value #SUBMIT_USER} can write to.
     * Submit from here: the shims run the command in the same directory inside the container.
     */
    public Path createJobDirectory(String name) {
        try {
            Path dir = Files.createDirectories(sharedDirectory.resolve(name));
            makeWritableForJobs(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the job directory " + name, e);
        }
    }

    /**
     * Writes one executable per {@link #SHIMMED_COMMANDS} into {@code directory}; each runs
     * {@code docker exec -i -u slurmxuser -w "$PWD" <container> <command> "$@"} against the engine
     * that runs the container (its {@code DOCKER_HOST} is written into the shim): the same argv,
     * standard input passed through, the command's exit status returned. Put {@code directory}
     * first on the {@code PATH} of the process that should talk to this cluster; it must run in a
     * directory inside {@link #getSharedDirectory()}, or the shim refuses with exit status 2.
     *
     * @return {@code directory}
     */
    public Path writePathShims(Path directory) {
        String docker = ShellQuote.quote(dockerExecutable());
        String mount = ShellQuote.quote(sharedDirectory.toString());
        String dockerHost = ShellQuote.quote(
                DockerClientFactory.instance().getTransportConfig().getDockerHost().toString());
        try {
            Files.createDirectories(directory);
            for (String command : SHIMMED_COMMANDS) {
                String script = """
                        #!/bin/sh
                        # Written by SlurmContainer: runs `%1$s` in the test SLURM container %2$s as %3$s.
                        case "$PWD/" in
                          %4$s/*) ;;
                          *) echo "%1$s (SLURM container shim): the current directory $PWD is not inside" \\
                               "the directory shared with the container, %4$s" >&2
                             exit 2 ;;
                        esac
                        # the engine Testcontainers started the container on, whatever this process's DOCKER_HOST
                        export DOCKER_HOST=%6$s
                        exec %5$s exec -i -u %3$s -w "$PWD" %2$s %1$s "$@"
                        """.formatted(command, getContainerId(), SUBMIT_USER, mount, docker, dockerHost);
                Path shim = directory.resolve(command);
                Files.writeString(shim, script, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SLURM shims into " + directory, e);
        }
    }

    /**
     * Lets {@code publicKeyLine} (one line of an OpenSSH {@code .pub} file) log in as
     * {@value #SUBMIT_USER}: appends it to {@value #SUBMIT_HOME}{@code /.ssh/authorized_keys} unless
     * it is there already, with the owner and modes sshd's StrictModes wants ({@code .ssh} 700, the
     * file 600, both owned by {@value #SUBMIT_USER}).
     */
    public void authorizeKey(String publicKeyLine) {
        String key = publicKeyLine.strip();
        if (key.isEmpty() || key.contains("\n") || key.contains("\r")) {
            throw new IllegalArgumentException("not one public key line: '" + publicKeyLine + "'");
        }
        String script = """
                set -eu
                dir=%1$s/.ssh
                install -d -m 700 -o %2$s -g %2$s "$dir"
                touch "$dir/authorized_keys"
                grep -qxF -- "$1" "$dir/authorized_keys" || printf '%%s\\n' "$1" >>"$dir/authorized_keys"
                chown %2$s:%2$s "$dir/authorized_keys"
                chmod 600 "$dir/authorized_keys"
                """.formatted(SUBMIT_HOME, SUBMIT_USER);
        ExecResult result;
        try {
            // the key is "$1", never parsed by the shell
            result = execInContainer("sh", "-c", script, "authorize-key", key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot authorize an ssh key in the SLURM container", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while authorizing an ssh key", e);
        }
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("authorizing an ssh key in the SLURM container failed (exit "
                    + result.getExitCode() + "): " + result.getStderr().strip());
        }
    }

    /** The host port that reaches the container's sshd, on {@link #getSshHost()}. */
    public int getSshPort() {
        return getMappedPort(SSH_PORT);
    }

    /**
     * The address that reaches {@link #getSshPort()}: {@code 127.0.0.1} for a local engine (the port
     * is bound there only, and "localhost" may resolve to {@code ::1} first), else the engine's host.
     */
    public String getSshHost() {
        String host = getHost();
        return localEngine() || "localhost".equals(host) ? "127.0.0.1" : host;
    }

    /** The host directory mounted at the same path in the container. */
    public Path getSharedDirectory() {
        return sharedDirectory;
    }

    public Duration getMinJobAge() {
        return minJobAge;
    }

    public String getClusterName() {
        return CLUSTER_NAME;
    }

    /** The normal (non-root) user the shims submit as, in account {@code default}. */
    public String getSubmitUser() {
        return SUBMIT_USER;
    }

    public String getSlurmVersion() {
        return DEFAULT_IMAGE.getVersionPart();
    }

    /** Jobs run as uid 1000 and must write into the directory they were submitted from. */
    private static void makeWritableForJobs(Path dir) throws IOException {
        try {
            Files.setAttribute(dir, "unix:uid", SUBMIT_UID);
            Files.setAttribute(dir, "unix:gid", SUBMIT_UID);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException notRoot) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }

    /** True when the engine listens on a Unix socket of this machine (the usual case), not over TCP. */
    private static boolean localEngine() {
        return "unix".equals(DockerClientFactory.instance().getTransportConfig().getDockerHost().getScheme());
    }

    /** The docker CLI the shims call: the one on this JVM's PATH, by absolute path. */
    private static String dockerExecutable() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "docker"))) {
                return Path.of(entry, "docker").toString();
            }
        }
        return "docker";
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /**
     * Ready when the start script has touched its ready file and sinfo shows the node idle.
     * Fails at once, with the script's output, when the container exits (a failed start), instead
     * of polling a dead container until the timeout.
     */
    private static final class ReadyFileWaitStrategy extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            await("the SLURM container to touch " + READY_FILE + " and show node c1 idle")
                    .atMost(startupTimeout)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!waitStrategyTarget.isRunning()) {
                            throw new ContainerLaunchException("the SLURM container exited during start:\n"
                                    + waitStrategyTarget.getLogs());
                        }
                        return waitStrategyTarget.execInContainer("sh", "-c",
                                "test -f " + READY_FILE + " && sinfo -h -t idle -o %N | grep -qx c1")
                                .getExitCode() == 0;
                    });
        }
    }
}
