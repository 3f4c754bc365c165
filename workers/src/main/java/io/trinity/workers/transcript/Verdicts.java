package io.trinity.workers.transcript;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a Verifier's verdict from free text. */
public final class Verdicts {
  private static final Pattern VERDICT = Pattern.compile("verdict\\s*[:\\-]?\\s*\\**\\s*(accept|revise)");
  private static final Pattern BARE = Pattern.compile("\\b(accept|revise)\\b");

  private Verdicts() {}

  /**
   * True when the reply's verdict is ACCEPT: an explicit "Verdict: X" wins; otherwise the first ACCEPT or REVISE
   * word decides. Anything unreadable counts as REVISE so that a confused Verifier never ends an episode.
   */
  public static boolean isAccept(String reply) {
    if (reply == null) {
      return false;
    }
    String lower = reply.toLowerCase(Locale.ROOT);
    Matcher explicit = VERDICT.matcher(lower);
    if (explicit.find()) {
      return explicit.group(1).equals("accept");
    }
    Matcher bare = BARE.matcher(lower);
    return bare.find() && bare.group(1).equals("accept");
  }
}
