package io.trinity.workers.transcript;

import io.trinity.fitness.task.AnswerFormat;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The system prompts injected for each role. The first line names the role; the simulated pool reads it. The
 * Worker's prompt ends with the task's answer-format instruction. A head is trained against one set of prompts,
 * so exports record them with their {@link #version} and a digest of their texts.
 */
public record RolePrompts(String version, String thinker, String worker, String verifier) implements Serializable {
  /** The prompts this build plays episodes with; change the version whenever a text changes. */
  public static final RolePrompts CURRENT = new RolePrompts("trinity-roles/1",
      intro(Role.THINKER) + "Analyse the problem, plan an approach and point out the steps where mistakes are "
          + "likely. Do not give a final answer.",
      intro(Role.WORKER) + "Solve the problem. Use the earlier turns where they help and fix what a Verifier "
          + "criticised. ",
      intro(Role.VERIFIER) + "Check the latest solution in the earlier turns step by step. Start your reply with the "
          + "line 'Verdict: ACCEPT' if it is correct or 'Verdict: REVISE' if it is not, then give your reasons.");

  public RolePrompts {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(thinker, "thinker");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(verifier, "verifier");
  }

  private static String intro(Role role) {
    return "You are the " + role.title() + " in a team of language models.\n";
  }

  /** The system prompt of a turn in {@code role} on a task whose answers take {@code format}. */
  public String forRole(Role role, AnswerFormat format) {
    return switch (role) {
      case THINKER -> thinker;
      case WORKER -> worker + format.instruction();
      case VERIFIER -> verifier;
    };
  }

  /** SHA-256 of the three texts, so an export can tell prompts apart even when a version was not bumped. */
  public String sha256() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String text : new String[] {thinker, worker, verifier}) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so moving text from one prompt to the next changes the digest.
        digest.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Whether these prompts are the same texts as {@code other}, whatever their versions say. */
  public boolean sameTexts(RolePrompts other) {
    return thinker.equals(other.thinker) && worker.equals(other.worker) && verifier.equals(other.verifier);
  }
}
