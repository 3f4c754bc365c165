package io.trinity.fitness.sandbox;

/** Run in a child JVM that the test kills mid-run: starts a sandboxed program that would sleep for two minutes. */
public final class OrphanProbe {

    private OrphanProbe() {
    }

    public static void main(String[] args) {
        String marker = args[0];
        Sandbox sandbox = Sandbox.builder().isolation(IsolationPolicy.BUBBLEWRAP).parallelism(1)
                .limits(Limits.DEFAULT.withWallTimeout(java.time.Duration.ofMinutes(2))
                        .withCpuTime(java.time.Duration.ofMinutes(2)))
                .build();
        sandbox.run(Program.of("""
                import os, sys
                os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(120)", "%s"])
                """.formatted(marker)));
    }
}
