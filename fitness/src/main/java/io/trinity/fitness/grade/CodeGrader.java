package io.trinity.fitness.grade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.fitness.code.CodeExtractor;
import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.code.TestCase;
import io.trinity.fitness.sandbox.Execution;
import io.trinity.fitness.sandbox.Isolation;
import io.trinity.fitness.sandbox.Program;
import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.task.Task;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the Python program of a reply against the task's hidden tests in the {@link Sandbox}, the way each
 * benchmark's own harness does: HumanEval and MBPP execute answer and asserts in one namespace whose
 * {@code __name__} is not {@code "__main__"}; LiveCodeBench compares stdout line by line after stripping (tokens
 * compared as decimals when the text differs) or calls the function and compares with {@code ==}, lists and
 * tuples alike. Every failure, timeout or crash is "wrong" with the reason. Thread-safe.
 */
public final class CodeGrader implements Grader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SOLUTION = "solution.py";
    private static final int SHOWN = 120;

    /**
     * The harness, main.py: what it must not let the answer see comes on stdin (a pipe), which it reads whole and
     * then points at /dev/null before the answer runs, so that neither a file nor a descriptor of the run still
     * holds the token that marks success or the expected results. It then executes the answer under a module
     * name (so {@code if __name__ == "__main__"} is off), runs the tests and, only when they finished, writes the
     * token (with the verdict of a call) straight to file descriptor 1, since answers may replace or close
     * sys.stdout. An answer that exits early (exit(), os._exit) prints no token; one that prints the text this file
     * prints does not know the token. The answer runs in this interpreter, so code written to walk the
     * interpreter's own frames could still find it: the sandbox, not the harness, is what contains hostile code.
     */
    private static final String HARNESS = """
            import json as _json, os as _os, sys as _sys

            def _trusted():
                chunks = []
                while True:
                    chunk = _os.read(0, 65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                null = _os.open(_os.devnull, _os.O_RDONLY)
                _os.dup2(null, 0)
                _os.close(null)
                return _json.loads(b"".join(chunks).decode("utf-8"))

            def _leftovers():
                # Under bubblewrap the run has its own pid namespace, whose pid 1 is the sandbox's init: any other
                # live process besides this one was started by the answer and is still running.
                alive = 0
                for pid in _os.listdir("/proc"):
                    if pid.isdigit() and int(pid) not in (1, _os.getpid()):
                        try:
                            with open("/proc/" + pid + "/stat") as file:
                                state = file.read().rsplit(")", 1)[1].split()[0]
                        except (OSError, IndexError):
                            continue
                        if state not in ("Z", "X"):
                            alive += 1
                return alive

            def _plain(value):
                # Only plain data compares: an object whose __eq__ says yes to anything is not an answer.
                return _json.loads(_json.dumps(value))

            def _main(write):
                trusted = _trusted()
                token = trusted["token"]
                here = _os.path.dirname(_os.path.abspath(__file__))
                with open(_os.path.join(here, "%s"), encoding="utf-8") as file:
                    source = file.read()
                namespace = {"__name__": "solution"}
                exec(compile(source, "%1$s", "exec"), namespace)
                if trusted["kind"] == "asserts":
                    exec(compile(trusted["tests"], "tests.py", "exec"), namespace)
                    verdict = ""
                else:
                    function = trusted["function"]
                    owner = namespace["Solution"]() if "class Solution" in source else None
                    call = getattr(owner, function) if owner is not None else namespace[function]
                    args = [_json.loads(line) for line in trusted["input"].split("\\n")]
                    result = call(*args)
                    try:
                        same = _plain(result) == _json.loads(trusted["output"])
                    except (TypeError, ValueError):
                        same = False
                    verdict = " PASS" if same else " FAIL " + repr(result)[:200].replace("\\n", " ")
                if trusted["no_leftovers"]:
                    alive = _leftovers()
                    if alive:
                        raise SystemExit("left %%d background process(es) running" %% alive)
                try:
                    _sys.stdout.flush()
                except Exception:
                    pass
                write(1, ("\\n" + token + verdict + "\\n").encode("utf-8", "replace"))

            _main(_os.write)
            """.formatted(SOLUTION);

    private final Sandbox sandbox;

    public CodeGrader(Sandbox sandbox) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
    }

    Sandbox sandbox() {
        return sandbox;
    }

    /** The harness's source: a verdict recorded under another harness says nothing about this one's. */
    static String harness() {
        return HARNESS;
    }

    @Override
    public Grade grade(Task task, String response) {
        CodeTests tests = task.codeTests();
        if (tests == null) {
            throw new IllegalArgumentException("task " + task.id() + " (" + task.benchmark()
                    + ") has no code tests to grade against");
        }
        Optional<String> extracted = CodeExtractor.extract(response, tests.functionName());
        if (extracted.isEmpty()) {
            return Grade.noAnswer("Python code");
        }
        String code = extracted.get();
        String program = withPrefix(tests.prefix(), code);
        return switch (tests.kind()) {
            case ASSERTS -> asserts(program, tests.testCode(), code);
            case STDIN_STDOUT -> stdinStdout(program, tests.cases(), code);
            case FUNCTION_CALL -> functionCall(program, tests.functionName(), tests.cases(), code);
        };
    }

    /**
     * A reply that is only an indented function body continues the prefix (a HumanEval prompt) directly. A whole
     * program follows the prefix; if the prefix then ends in a header without a body (a prompt with no docstring),
     * that header gets a {@code pass} so the reply's own definition can replace it.
     */
    static String withPrefix(String prefix, String code) {
        if (prefix.isEmpty()) {
            return code;
        }
        String head = prefix.endsWith("\n") ? prefix : prefix + "\n";
        String firstLine = code.lines().filter(line -> !line.isBlank()).findFirst().orElse("");
        boolean body = firstLine.startsWith(" ") || firstLine.startsWith("\t");
        if (body) {
            return head + code;
        }
        String lastLine = head.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElse("");
        if (lastLine.stripTrailing().endsWith(":")) {
            String indent = lastLine.substring(0, lastLine.length() - lastLine.stripLeading().length());
            head = head + indent + "    pass\n";
        }
        return head + "\n" + code;
    }

    private Grade asserts(String program, String testCode, String code) {
        String token = token();
        Execution run = sandbox.run(harnessed(program, Map.of("kind", "asserts", "token", token,
                "tests", testCode, "no_leftovers", noLeftovers())));
        if (!run.succeeded()) {
            return new Grade(false, code, "tests failed: " + run.failureSummary());
        }
        if (!lastLine(run.stdout()).equals(token)) {
            return new Grade(false, code, "the program exited before its tests finished");
        }
        // No run time in the reason: it is written to episode logs and records, which must not depend on timing.
        return new Grade(true, code, "all tests passed");
    }

    private Grade stdinStdout(String program, List<TestCase> cases, String code) {
        for (int i = 0; i < cases.size(); i++) {
            TestCase test = cases.get(i);
            Execution run = sandbox.run(new Program(Map.of(Program.MAIN, program), test.input()));
            String where = "test " + (i + 1) + "/" + cases.size() + ": ";
            if (!run.succeeded()) {
                return new Grade(false, code, where + run.failureSummary());
            }
            Optional<String> mismatch = OutputComparison.mismatch(run.stdout(), test.output());
            if (mismatch.isPresent()) {
                return new Grade(false, code, where + "wrong output: " + mismatch.get());
            }
        }
        return new Grade(true, code, "all " + cases.size() + " tests passed");
    }

    private Grade functionCall(String program, String function, List<TestCase> cases, String code) {
        for (int i = 0; i < cases.size(); i++) {
            TestCase test = cases.get(i);
            String token = token();
            Execution run = sandbox.run(harnessed(program, Map.of("kind", "call", "token", token,
                    "function", function, "input", test.input(), "output", test.output(),
                    "no_leftovers", noLeftovers())));
            String where = "test " + (i + 1) + "/" + cases.size() + ": ";
            if (!run.succeeded()) {
                return new Grade(false, code, where + run.failureSummary());
            }
            String verdict = lastLine(run.stdout());
            if (!verdict.startsWith(token + " ")) {
                return new Grade(false, code, where + "the program exited before the call returned");
            }
            if (!verdict.equals(token + " PASS")) {
                return new Grade(false, code, where + "returned " + verdict.substring(token.length() + 6)
                        + ", expected " + shorten(test.output()));
            }
        }
        return new Grade(true, code, "all " + cases.size() + " tests passed");
    }

    /** The answer's program under the harness, with what the answer must not see on stdin. */
    private static Program harnessed(String program, Map<String, Object> trusted) {
        return new Program(Map.of(Program.MAIN, HARNESS, SOLUTION, program), json(trusted));
    }

    private boolean noLeftovers() {
        return sandbox.isolation() == Isolation.BUBBLEWRAP;
    }

    private static String lastLine(String stdout) {
        String stripped = stdout.stripTrailing();
        return stripped.substring(stripped.lastIndexOf('\n') + 1);
    }

    static String shorten(String text) {
        String flat = text.strip().replace("\n", "\\n");
        return flat.length() <= SHOWN ? "'" + flat + "'" : "'" + flat.substring(0, SHOWN) + "...'";
    }

    private static String token() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "trinity-done-" + HexFormat.of().formatHex(bytes);
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and booleans always serialises", e);
        }
    }
}
