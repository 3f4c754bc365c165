package io.trinity.workers.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TranscriptTest {
  @Test
  void finalAnswerIsTheLatestWorkerReplyElseTheLastReply() {
    Transcript t = Transcript.of("q");
    assertNull(t.finalAnswer());
    t = t.append(new Turn("a", Role.THINKER, "plan"));
    assertEquals("plan", t.finalAnswer());
    t = t.append(new Turn("b", Role.WORKER, "answer 1")).append(new Turn("c", Role.VERIFIER, "Verdict: REVISE"));
    assertEquals("answer 1", t.finalAnswer());
    t = t.append(new Turn("a", Role.WORKER, "answer 2")).append(new Turn("c", Role.THINKER, "hmm"));
    assertEquals("answer 2", t.finalAnswer());
  }

  @Test
  void earlierTurnsUseTheHeaderLayoutThePoolParses() {
    Transcript t = Transcript.of("q").append(new Turn("sim-a", Role.WORKER, "x = 2"))
        .append(new Turn("sim-b", Role.VERIFIER, "Verdict: ACCEPT\nfine"));
    assertEquals("Earlier turns:\n### Turn 1 | Worker | sim-a\nx = 2\n### Turn 2 | Verifier | sim-b\n"
        + "Verdict: ACCEPT\nfine", t.earlierTurnsText());
    assertTrue(t.acceptedByVerifier());
  }

  @Test
  void verdicts() {
    assertTrue(Verdicts.isAccept("Verdict: ACCEPT\nThe steps are right."));
    assertTrue(Verdicts.isAccept("**Verdict:** accept"));
    assertFalse(Verdicts.isAccept("Verdict: REVISE. I would not accept this."));
    assertTrue(Verdicts.isAccept("I accept the solution."));
    assertFalse(Verdicts.isAccept("Please revise; then I can accept."));
    assertFalse(Verdicts.isAccept("Looks odd."));
    assertFalse(Verdicts.isAccept(null));
  }
}
