package io.trinity.fitness.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs untrusted Python programs, each in a fresh {@code python3} process with its own private directory, a
 * scrubbed environment, resource limits and, under {@link Isolation#BUBBLEWRAP}, no network and no view of the
 * host's files or processes. At most {@link #parallelism()} runs execute at once; further callers wait.
 * Thread-safe.
 */
public final class Sandbox {

    private static final System.Logger LOG = System.getLogger(Sandbox.class.getName());

    /** The unprivileged user runs switch to when the JVM is root: root is exempt from RLIMIT_NPROC. */
    private static final int NOBODY = 65534;
    private static final String INSIDE_DIR = "/sandbox";
    private static final String PATH = "/usr/bin:/bin";
    private static final List<String> MERGED_USR_LINKS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64",
            "/libx32");
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final Limits limits;
    private final Isolation isolation;
    private final int parallelism;
    private final Semaphore slots;
    private final Executables executables;
    private final boolean dropToNobody;

    private Sandbox(Builder builder, Isolation isolation, Executables executables) {
        this.limits = builder.limits;
        this.isolation = isolation;
        this.parallelism = builder.parallelism;
        this.slots = new Semaphore(builder.parallelism, true);
        this.executables = executables;
        this.dropToNobody = builder.dropToNobody;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Isolation isolation() {
        return isolation;
    }

    public Limits limits() {
        return limits;
    }

    public int parallelism() {
        return parallelism;
    }

    /**
     * Runs {@code python3 -E -s -B main.py} on the program; blocks while {@link #parallelism()} runs are in flight.
     * Every process the program started is dead when this returns.
     *
     * @throws SandboxException when the sandbox itself fails (cannot write files or start processes)
     */
    public Execution run(Program program) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for a free sandbox slot", e);
        }
        Path root = null;
        try {
            root = Files.createTempDirectory("trinity-sandbox-");
            return execute(program, root);
        } catch (IOException e) {
            throw new SandboxException("sandbox run failed: " + e.getMessage(), e);
        } finally {
            slots.release();
            if (root != null) {
                deleteTree(root);
            }
        }
    }

    private Execution execute(Program program, Path root) throws IOException {
        Path code = Files.createDirectory(root.resolve("program"));
        Path work = Files.createDirectory(root.resolve("work"));
        for (Map.Entry<String, String> file : program.files().entrySet()) {
            Files.writeString(code.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        Path stdout = root.resolve("stdout");
        Path stderr = root.resolve("stderr");
        if (dropToNobody) {
            handToNobody(root);
        }
        // Standard input goes through a pipe, never a file: whatever the harness reads from it (the token that
        // marks success, the expected results) is gone once read, and no path leads back to it.
        ProcessBuilder builder = new ProcessBuilder(command(code, work))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // The child's environment is built from this allow-list alone; nothing of the JVM's is inherited.
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(childEnvironment(isolation == Isolation.BUBBLEWRAP ? "/tmp" : work.toString()));
        if (isolation == Isolation.RLIMITS_ONLY) {
            builder.directory(work.toFile());
        }
        long start = System.nanoTime();
        Process process = builder.start();
        feed(process, program.stdin());
        boolean finished;
        try {
            finished = process.waitFor(limits.wallTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while the program ran; it was killed", e);
        } finally {
            killTree(process);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        String out = readBounded(stdout);
        String err = readBounded(stderr);
        if (!finished) {
            return new Execution(Execution.Outcome.TIMED_OUT, -1, out, err, wall);
        }
        int exit = process.exitValue();
        // Python ignores SIGXFSZ, so a full output shows as a failed write, not as the signal.
        boolean outputFull = exit != 0 && (size(stdout) >= limits.fileSizeBytes()
                || size(stderr) >= limits.fileSizeBytes());
        return new Execution(outputFull ? Execution.Outcome.OUTPUT_LIMIT : Execution.classify(exit), exit, out, err,
                wall);
    }

    /**
     * Writes the program's stdin on a thread of its own, so that a program that reads nothing cannot block the run
     * on a full pipe. A program that exits or closes its stdin early breaks the pipe, which ends the thread.
     */
    private static void feed(Process process, String stdin) {
        byte[] bytes = stdin.getBytes(StandardCharsets.UTF_8);
        Thread feeder = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(bytes);
            } catch (IOException e) {
                // the program did not read all of its input; what it left unread does not matter
            }
        }, "sandbox-stdin-" + process.pid());
        feeder.setDaemon(true);
        feeder.start();
    }

    /** The environment every run gets, whatever the JVM's own holds. */
    static Map<String, String> childEnvironment(String home) {
        return Map.of("PATH", PATH, "LANG", "C.UTF-8", "HOME", home);
    }

    private List<String> command(Path code, Path work) {
        List<String> command = new ArrayList<>();
        if (dropToNobody) {
            command.addAll(List.of(executables.setpriv().toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY,
                    "--clear-groups"));
        }
        String main;
        if (isolation == Isolation.BUBBLEWRAP) {
            command.addAll(bubblewrap(code));
            main = INSIDE_DIR + "/" + Program.MAIN;
        } else {
            main = code.resolve(Program.MAIN).toString();
        }
        // The hard CPU limit is a second above the soft one, so SIGXCPU (reported as the CPU limit) comes first.
        // Limits are set inside the namespaces: set outside, RLIMIT_NPROC would also cap the new user namespace
        // itself and so count every concurrent run together.
        command.addAll(List.of(executables.prlimit().toString(),
                "--cpu=" + limits.cpuSeconds() + ":" + (limits.cpuSeconds() + 1),
                "--as=" + limits.memoryBytes(),
                "--fsize=" + limits.fileSizeBytes(),
                "--nproc=" + limits.maxProcesses(),
                "--nofile=256",
                "--core=0",
                executables.python().toString(), "-E", "-s", "-B", main));
        return command;
    }

    private List<String> bubblewrap(Path code) {
        List<String> args = new ArrayList<>(List.of(executables.bwrap().toString(),
                "--unshare-all", "--die-with-parent", "--new-session",
                "--ro-bind", "/usr", "/usr"));
        for (String top : MERGED_USR_LINKS) {
            Path path = Path.of(top);
            if (Files.isSymbolicLink(path)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), top));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the link " + top, e);
                }
            } else if (Files.isDirectory(path)) {
                args.addAll(List.of("--ro-bind", top, top));
            }
        }
        args.addAll(List.of(
                "--proc", "/proc",
                "--dev", "/dev",
                "--size", Long.toString(limits.scratchBytes()), "--tmpfs", "/tmp",
                "--ro-bind", code.toString(), INSIDE_DIR,
                "--remount-ro", "/",
                "--chdir", "/tmp",
                "--clearenv"));
        childEnvironment("/tmp").forEach((name, value) -> args.addAll(List.of("--setenv", name, value)));
        return args;
    }

    /** The run's directory goes to the unprivileged user, who must read the program and write the work dir. */
    private static void handToNobody(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                Files.setAttribute(path, "unix:uid", NOBODY);
                Files.setAttribute(path, "unix:gid", NOBODY);
            }
        }
    }

    /**
     * Kills the run's whole process tree. Under bubblewrap, killing its outer process takes the pid namespace
     * down with it (--die-with-parent); the descendants seen from here are killed as well in case that fails.
     */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.ERROR, "sandbox process " + process.pid() + " survived SIGKILL for " + KILL_GRACE);
            }
            for (ProcessHandle child : descendants) {
                child.onExit().get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.ERROR, "a sandboxed process survived SIGKILL: " + e);
        }
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private String readBounded(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.fileSizeBytes()));
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "cannot delete the sandbox directory " + root + ": " + e);
        }
    }

    /** Configures a sandbox; {@link #build()} checks that the chosen isolation really works here. */
    public static final class Builder {
        private Limits limits = Limits.DEFAULT;
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private IsolationPolicy policy = IsolationPolicy.BUBBLEWRAP;
        private String toolPath = Objects.requireNonNullElse(System.getenv("PATH"), "") + ":/usr/bin:/bin:/usr/sbin";
        private Path python = Path.of("/usr/bin/python3");
        private boolean dropToNobody = isRoot();

        private Builder() {
        }

        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Runs allowed at once; defaults to the number of available processors. */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** Bubblewrap (the default) or, on purpose, resource limits only. */
        public Builder isolation(IsolationPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Where {@code bwrap}, {@code prlimit} and {@code setpriv} are looked for, as a {@code PATH}-style list of
         * folders; defaults to {@code $PATH} followed by {@code /usr/bin:/bin:/usr/sbin}.
         */
        public Builder toolPath(String toolPath) {
            this.toolPath = Objects.requireNonNull(toolPath, "toolPath");
            return this;
        }

        /** The interpreter; under bubblewrap it must live below /usr, the only host tree the sandbox sees. */
        public Builder python(Path python) {
            this.python = Objects.requireNonNull(python, "python");
            return this;
        }

        /**
         * Builds the sandbox after a trial run. Generated code is untrusted, so without working bubblewrap this
         * fails (closed) unless {@link IsolationPolicy#RLIMITS_ONLY} was asked for, which logs a warning.
         *
         * @throws SandboxUnavailableException when the required isolation or a tool does not work on this
         *                                     machine; its message says how to fix that
         */
        public Sandbox build() {
            Tools tools = new Tools(toolPath);
            Path prlimit = tools.require("prlimit", "util-linux");
            Path setpriv = dropToNobody ? tools.require("setpriv", "util-linux") : null;
            if (!Files.isExecutable(python)) {
                throw new SandboxUnavailableException("no python interpreter at " + python
                        + " (Debian package python3-minimal)");
            }
            if (policy == IsolationPolicy.RLIMITS_ONLY) {
                LOG.log(Level.WARNING, "CODE SANDBOX: resource limits only, as configured: NO network "
                        + "isolation, the host file system is visible; for trusted code only.");
                return new Sandbox(this, Isolation.RLIMITS_ONLY, new Executables(null, prlimit, setpriv, python));
            }
            Path bwrap = tools.find("bwrap");
            String failure = bubblewrapFailure(bwrap, prlimit, setpriv);
            if (failure != null) {
                throw new SandboxUnavailableException(refusal(failure));
            }
            LOG.log(Level.INFO, "code sandbox: bubblewrap (no network, private pid/user namespaces, "
                    + "read-only /usr only), " + limits + ", " + parallelism + " at once");
            return new Sandbox(this, Isolation.BUBBLEWRAP, new Executables(bwrap, prlimit, setpriv, python));
        }

        /** Why code grading refuses to run, and the three ways out. */
        static String refusal(String failure) {
            return "code grading refuses to run untrusted code: bubblewrap does not work here (" + failure
                    + "). Fix it by one of: installing bubblewrap (Debian/Ubuntu: apt-get install bubblewrap); "
                    + "allowing unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 where "
                    + "it exists, user.max_user_namespaces > 0, and on Ubuntu 23.10 or later "
                    + "kernel.apparmor_restrict_unprivileged_userns=0); or opting out on purpose with "
                    + "'sandbox: {isolation: limits_only}' in the training or evaluation config "
                    + "('./trinity grade --sandbox-isolation limits_only'), which runs the code with resource "
                    + "limits only: NO network isolation and the host file system visible.";
        }

        /** Null when a trial run under bubblewrap succeeds, else what went wrong. */
        private String bubblewrapFailure(Path bwrap, Path prlimit, Path setpriv) {
            if (bwrap == null) {
                return "no bwrap in " + toolPath;
            }
            if (!python.startsWith("/usr/")) {
                return "the interpreter " + python + " is outside /usr, which is all the sandbox can see";
            }
            Sandbox trial = new Sandbox(this, Isolation.BUBBLEWRAP, new Executables(bwrap, prlimit, setpriv,
                    python));
            Execution result;
            try {
                result = trial.run(Program.of("print('ok')"));
            } catch (SandboxException e) {
                return e.getMessage();
            }
            return result.succeeded() && result.stdout().strip().equals("ok") ? null
                    : "trial run: " + result.failureSummary() + " " + result.stderr().strip();
        }

        private static boolean isRoot() {
            try {
                return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** The executables a sandbox runs; bwrap is null without bubblewrap, setpriv null when not root. */
    private record Executables(Path bwrap, Path prlimit, Path setpriv, Path python) {
    }

    /** Looks executables up in a {@code PATH}-style list of folders. */
    private record Tools(String path) {

        Path find(String name) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    Path candidate = Path.of(dir, name);
                    if (Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
            return null;
        }

        Path require(String name, String debianPackage) {
            Path found = find(name);
            if (found == null) {
                throw new SandboxUnavailableException("the code sandbox needs '" + name + "' (Debian package "
                        + debianPackage + "), which is not in " + path);
            }
            return found;
        }
    }
}
