package io.trinity.workers.transcript;

import java.io.Serializable;

/** One answered turn of an episode: who spoke, in which role, and what they said. */
public record Turn(String model, Role role, String reply) implements Serializable {}
