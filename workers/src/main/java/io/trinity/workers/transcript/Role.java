package io.trinity.workers.transcript;

/** The three roles a pool model can be asked to play in a turn; the order is the order of the head's role logits. */
public enum Role {
  THINKER("Thinker"),
  WORKER("Worker"),
  VERIFIER("Verifier");

  private final String title;

  Role(String title) {
    this.title = title;
  }

  /** The name as it appears in prompts and transcript headers. */
  public String title() {
    return title;
  }
}
