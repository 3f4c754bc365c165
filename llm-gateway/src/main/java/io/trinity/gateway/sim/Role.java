package io.trinity.gateway.sim;

/** The coordinator's roles, titled as in role prompts and turn headers. */
enum Role {
    THINKER("Thinker"), WORKER("Worker"), VERIFIER("Verifier");

    final String title;

    Role(String title) {
        this.title = title;
    }

    static Role ofTitle(String title) {
        for (Role r : values()) {
            if (r.title.equals(title)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no role titled " + title);
    }
}
