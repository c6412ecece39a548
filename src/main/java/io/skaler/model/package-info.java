/**
 * The domain as immutable records: what Slurm and Kubernetes look like at one instant (the {@link io.skaler.model.Snapshot})
 * and what skaler intends to do about it (the {@link io.skaler.model.Plan}). Imports nothing else of the project.
 */
package io.skaler.model;
