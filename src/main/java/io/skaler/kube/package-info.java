/**
 * Kubernetes eyes and hands: informers that build the {@link io.skaler.model.KubeSnapshot} (only from a synced, watching
 * view), the CRDs skaler relies on, the {@link io.skaler.kube.PlanExecutor} that applies a plan without deciding
 * anything itself, and leader election. Imports {@code model} only; never {@code slurm}, {@code loop}, {@code api}.
 */
package io.skaler.kube;
