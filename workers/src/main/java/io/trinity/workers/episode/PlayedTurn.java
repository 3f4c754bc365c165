package io.trinity.workers.episode;

import io.trinity.gateway.api.Usage;
import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.Turn;

/**
 * One answered turn: its number (1 for the first), the head's decision, the turn as the transcript holds it (model
 * name, role, reply) and the call's usage as the gateway reported it (zeros when the pool reported none).
 */
public record PlayedTurn(int number, Decision decision, Turn turn, Usage usage) {}
