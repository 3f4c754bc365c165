package io.trinity.gateway.accounting;

/** One slice of the accounts: a pool model, the caller's role tag and generation tag (null: untagged). */
public record AccountKey(String model, String role, Integer generation) {
}
