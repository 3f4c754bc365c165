package io.trinity.fitness.sandbox;

/**
 * Run in a child JVM whose environment holds a fake secret: prints whether sandboxed code could see it in its
 * environment or in any process's environment or command line.
 */
public final class SecretProbe {

    static final String VARIABLE = "TRINITY_FAKE_API_KEY";

    /** Dumps everything environment-like that the sandboxed program can read. */
    static final String SNOOP = """
            import os
            print(dict(os.environ))
            for pid in os.listdir("/proc"):
                for name in ("environ", "cmdline"):
                    try:
                        with open("/proc/%s/%s" % (pid, name), "rb") as f:
                            print(f.read().decode("utf-8", "replace"))
                    except OSError:
                        pass
            """;

    private SecretProbe() {
    }

    public static void main(String[] args) {
        String secret = System.getenv(VARIABLE);
        if (secret == null || secret.isEmpty()) {
            System.out.println("NO-SECRET-PLANTED");
            return;
        }
        Sandbox sandbox = Sandbox.builder().isolation(IsolationPolicy.valueOf(args[0])).parallelism(1).build();
        Execution run = sandbox.run(Program.of(SNOOP));
        if (!run.succeeded()) {
            System.out.println("PROBE-FAILED " + run.failureSummary());
        } else {
            System.out.println(run.stdout().contains(secret) ? "LEAKED" : "CLEAN");
        }
    }
}
