package io.trinity.workers.episode;

import io.trinity.gateway.api.CallFailure;

/**
 * A turn that ended as failed without a reply (see {@link TurnErrors}): its number (1 for the first), the pool
 * index of the model it called and why.
 */
public record FailedTurn(int number, int model, CallFailure failure) {}
