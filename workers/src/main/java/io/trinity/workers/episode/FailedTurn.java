package io.trinity.workers.episode;

import io.trinity.gateway.api.CallFailure;
import io.trinity.gateway.api.Usage;

/**
 * A turn that ended as failed without a usable reply (see {@link TurnErrors}): its number (1 for the first), the
 * pool index of the model it called, why, and the call's usage: a reply that came back empty or cut off was billed,
 * so its tokens and cost count in the episode's; a refused call has none.
 */
public record FailedTurn(int number, int model, CallFailure failure, Usage usage) {}
