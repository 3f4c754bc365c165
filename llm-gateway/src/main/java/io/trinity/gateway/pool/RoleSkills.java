package io.trinity.gateway.pool;

/** Per role, the probability that a simulated model does its job right. */
public record RoleSkills(double thinker, double worker, double verifier) {
}
