/**
 * The pure decision: {@code (snapshot, policy, now) -> plan}. Imports only {@code io.skaler.model},
 * {@code io.skaler.policy} and {@code java.*}: no client, clock, logger or randomness, so the same input always
 * gives the same plan and every rule is tested in milliseconds.
 */
package io.skaler.planner;
