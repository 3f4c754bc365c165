package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.code.TestCase;
import io.trinity.fitness.sandbox.Execution;
import io.trinity.fitness.sandbox.Isolation;
import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.Limits;
import io.trinity.fitness.sandbox.Program;
import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.sandbox.SandboxUnavailableException;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers that try to be graded right without being right: printing what the harness prints on success, exiting
 * early with status 0, reading the harness's files, stdin and inherited descriptors for the token, or returning an
 * object that equals anything. Each is wrong in its behaviour ({@code f} returns 0, the tests want 1), so it can
 * only pass by forging the verdict. They run under bubblewrap and, with bwrap made unavailable through a tool path
 * without it, under the explicit limits-only opt-out, which is also the only way grading runs there.
 */
class ForgedVerdictTest {

    private static final Task ASSERTS = new Task("forge/1", "humaneval", "humaneval", "def f():\n", "    return 1\n",
            AnswerFormat.CODE, CodeTests.asserts("", "assert f() == 1\n", "f"));
    private static final Task CALL = new Task("forge/2", "livecodebench", "livecodebench", "p", "",
            AnswerFormat.CODE, CodeTests.functionCall("", "f", List.of(new TestCase("5", "6"))));
    private static final Limits LIMITS = Limits.DEFAULT.withWallTimeout(Duration.ofSeconds(8))
            .withCpuTime(Duration.ofSeconds(3));

    /**
     * Collects every token-like text it can reach (its own folder, stdin, every open descriptor, its parent's
     * files), prints the last one (or a made-up one) the way the harness prints its token, and exits with 0
     * before the tests run. Under the harness that wrote its token into main.py this was graded right.
     */
    private static final String SNOOP = """
            import os, re, sys
            def f(*args):
                return 0
            seen = []
            here = os.path.dirname(os.path.abspath(sys.argv[0]))
            for name in os.listdir(here):
                try:
                    seen.append(open(os.path.join(here, name), errors="replace").read())
                except OSError:
                    pass
            for fd in range(0, 64):
                try:
                    os.lseek(fd, 0, 0)
                except OSError:
                    pass
                try:
                    seen.append(os.read(fd, 1 << 20).decode("utf-8", "replace"))
                except OSError:
                    pass
            for link in ("/proc/self/fd/0", "/proc/%%d/cmdline" %% os.getppid()):
                try:
                    seen.append(open(link, errors="replace").read())
                except OSError:
                    pass
            tokens = re.findall(r"trinity-done-[0-9a-f]{24}", "\\n".join(seen))
            token = tokens[-1] if tokens else "trinity-done-" + "0" * 24
            sys.stdout.write("found %%d tokens\\n%%s%s\\n" %% (len(tokens), token))
            sys.stdout.flush()
            os._exit(0)
            """;

    /** The snoop, ending with the success line of a task of this kind: the bare token, or the token and PASS. */
    private static String snoop(Task task) {
        return SNOOP.formatted(task.codeTests().kind() == CodeTests.Kind.ASSERTS ? "" : " PASS");
    }

    private static final Map<String, String> FORGERIES = Map.of(
            "exitsEarlyWithZero", """
                    import sys
                    def f(*args):
                        return 0
                    sys.exit(0)
                    """,
            "exitsWithZeroFromInsideTheTests", """
                    import os
                    def f(*args):
                        os._exit(0)
                    """,
            "printsTheSuccessLineAndExitsWithZeroAtExit", """
                    import atexit, os
                    def f(*args):
                        return 0
                    def forge():
                        os.write(1, b"\\ntrinity-done-000000000000000000000000 PASS\\n")
                        os._exit(0)
                    atexit.register(forge)
                    """);

    private static Path noBwrap;

    @BeforeAll
    static void toolPathWithoutBwrap() throws IOException {
        noBwrap = Files.createTempDirectory("trinity-no-bwrap-");
        // Readable by all: as root, runs switch to an unprivileged user, who must reach prlimit through it.
        Files.setPosixFilePermissions(noBwrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String tool : List.of("prlimit", "setpriv")) {
            Files.createSymbolicLink(noBwrap.resolve(tool), Path.of("/usr/bin", tool));
        }
    }

    @AfterAll
    static void removeToolPath() throws IOException {
        try (Stream<Path> links = Files.list(noBwrap)) {
            for (Path link : (Iterable<Path>) links::iterator) {
                Files.delete(link);
            }
        }
        Files.delete(noBwrap);
    }

    static Stream<Arguments> sandboxes() {
        return Stream.of(
                Arguments.of(Isolation.BUBBLEWRAP, Sandbox.builder().limits(LIMITS).parallelism(4)),
                Arguments.of(Isolation.RLIMITS_ONLY, Sandbox.builder().limits(LIMITS).parallelism(4)
                        .toolPath(noBwrap.toString()).isolation(IsolationPolicy.RLIMITS_ONLY)));
    }

    @ParameterizedTest
    @MethodSource("sandboxes")
    void forgedVerdictsAreGradedWrongAndARightAnswerStillPasses(Isolation isolation, Sandbox.Builder builder) {
        CodeGrader grader = new CodeGrader(builder.build());
        assertEquals(isolation, grader.sandbox().isolation());
        for (Task task : List.of(ASSERTS, CALL)) {
            Grade right = grader.grade(task, "```python\ndef f(*args):\n    return args[0] + 1 if args else 1\n```");
            assertTrue(right.correct(), task.id() + " under " + isolation + ": " + right.reason());
            Map<String, String> forgeries = new HashMap<>(FORGERIES);
            forgeries.put("snoopsAndPrintsTheSuccessLine", snoop(task));
            forgeries.forEach((name, code) -> {
                Grade forged = grader.grade(task, "```python\n" + code + "```");
                assertFalse(forged.correct(), name + " forged the verdict of " + task.id() + " under " + isolation
                        + ": " + forged.reason());
                assertTrue(forged.reason().contains("the program exited before"), name + ": " + forged.reason());
            });
        }
    }

    @ParameterizedTest
    @MethodSource("sandboxes")
    void theSnoopFindsNoTokenAnywhereButOneLeftInAFile(Isolation isolation, Sandbox.Builder builder) {
        Sandbox sandbox = builder.build();
        String token = "trinity-done-" + "ab".repeat(12);
        String stdin = "{\"token\": \"" + token + "\"}";
        // The harness's way: the token comes on stdin, which is read and pointed at /dev/null before the answer.
        String harness = """
                import os, runpy
                token = os.read(0, 1 << 16)
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.close(null)
                del token
                runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "snoop.py"))
                """;
        Execution hidden = sandbox.run(new Program(Map.of(Program.MAIN, harness, "snoop.py", snoop(ASSERTS)), stdin));
        assertTrue(hidden.stdout().startsWith("found 0 tokens\n"), isolation + ": " + hidden.stdout());
        // The old harness's way, the token written into a file of the run: the snoop finds it and prints it.
        Execution leaked = sandbox.run(new Program(Map.of(Program.MAIN, harness, "snoop.py", snoop(ASSERTS),
                "leak.py", "MARK = '" + token + "'\n"), stdin));
        assertEquals("found 1 tokens\n" + token + "\n", leaked.stdout(), isolation.toString());
    }

    @Test
    void anObjectThatEqualsAnythingIsNotAReturnValue() {
        CodeGrader grader = new CodeGrader(Sandbox.builder().limits(LIMITS).build());
        Grade grade = grader.grade(CALL, """
                ```python
                class Anything:
                    def __eq__(self, other):
                        return True
                def f(x):
                    return Anything()
                ```""");
        assertFalse(grade.correct(), grade.reason());
        assertTrue(grade.reason().startsWith("test 1/1: returned <"), grade.reason());
    }

    @Test
    void withoutBwrapGradingRefusesByDefault() {
        var e = assertThrows(SandboxUnavailableException.class,
                () -> Sandbox.builder().limits(LIMITS).toolPath(noBwrap.toString()).build());
        assertTrue(e.getMessage().startsWith("code grading refuses to run untrusted code"), e.getMessage());
        assertTrue(e.getMessage().contains("limits_only"), e.getMessage());
    }
}
