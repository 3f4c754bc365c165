package io.trinity.driver.eval;

/** What a scored policy is: a trained head or one of the baselines it is judged against. */
public enum PolicyKind {
  /** A trained coordinator head, playing its own turn budget. */
  HEAD,
  /** One pool model answering alone, one Worker turn. */
  SINGLE_MODEL,
  /** Model and role drawn uniformly at every turn, the heads' turn budget; one policy per seed. */
  RANDOM_ROUTER,
  /** Every pool model answers once as Worker; the most common answer (graded-equal) wins. */
  MAJORITY_VOTE,
  /** The best single model answers k times; the most common answer wins. */
  SELF_CONSISTENCY,
  /** The best single model as Thinker, then Worker, then Verifier: a hand-written workflow, no learning. */
  PIPELINE,
  /** Right when any single model was right: the per-question best, an upper bound for routing. */
  ORACLE
}
