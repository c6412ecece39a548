/**
 * The running service: triggers feed one queue, a batching window turns bursts into one decision, and one bounded
 * cycle at a time reads a fresh snapshot, plans and applies. The loop talks to the boundaries through the small
 * ports in this package ({@link io.skaler.loop.SlurmSource}, {@link io.skaler.loop.KubeSource},
 * {@link io.skaler.loop.PlanApplier}), so its safety rules are tested without servers.
 */
package io.skaler.loop;
