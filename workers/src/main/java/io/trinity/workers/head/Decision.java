package io.trinity.workers.head;

import io.trinity.workers.transcript.Role;
import java.io.Serializable;

/** What the coordinator chose for a turn: which pool model (index into the pool's order) answers, in which role. */
public record Decision(int model, Role role) implements Serializable {}
