package io.skaler.metrics;

import java.util.Locale;

/**
 * The closed label sets of skaler's metrics. A value outside these enums cannot reach a label, so the series count
 * is fixed by the code, not by what Slurm or Kubernetes happen to send. The Prometheus value is {@link #label()}.
 */
public final class Labels {
    private Labels() {
    }

    /** An enum constant whose lower-case name is its label value. */
    public interface Value {
        String name();

        default String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code skaler_cycle_phase_seconds{phase}}. */
    public enum Phase implements Value { FETCH, PARSE, PLAN, APPLY }

    /** {@code skaler_cycles_total{result}}: stale and partial cycles act on nothing that would shrink capacity. */
    public enum CycleResult implements Value { OK, STALE, ERROR, PARTIAL }

    /** {@code skaler_decisions_total{action}}: one per NodeSet or NodePool per cycle that did not leave it as it was. */
    public enum Action implements Value { SCALE_UP, SCALE_DOWN, HOLD, NODEPOOL_LIMITS, NODEPOOL_REPLICAS }

    /** {@code skaler_decisions_total{reason}}. */
    public enum Reason implements Value { DEMAND, IDLE, LIMIT, BACKOFF, HOLD_STALE, HOLD_DRAIN_UNAVAILABLE, PAUSED }

    /** {@code skaler_scale_in_held{reason}}: why idle nodes are kept although the plan would remove them. */
    public enum HoldReason implements Value {
        /** The NodeSet names no slurm-operator Controller, or it does not exist. */
        CONTROLLER_MISSING,
        /** No RestApi is bound to the Controller: the operator holds no Slurm client and would delete undrained. */
        RESTAPI_MISSING,
        /** The NodeSet's status shows ready pods but no Slurm state: the operator's Slurm client does not work. */
        NO_SLURM_CLIENT,
        /** Every node the plan would remove still runs jobs (waiting for them to end). */
        BUSY_NODES,
        /** Slurm or Kubernetes view is stale or partial. */
        STALE,
        /** The NodeSet or its NodePool carries {@code skaler.io/paused: "true"}. */
        PAUSED
    }

    /** {@code skaler_source_stale{source}}. */
    public enum Source implements Value { SLURM, KUBERNETES }

    /**
     * {@code skaler_slurmrestd_requests_total{endpoint}}: what skaler asks Slurm for ({@code io.skaler.slurm.Endpoint}
     * maps one to one; {@code metrics} is Slurm's OpenMetrics endpoint of the optional cross-check).
     */
    public enum SlurmEndpoint implements Value {
        JOBS, JOBS_STATE, JOB, DIAG, NODES, PARTITIONS, RESERVATIONS, PING, METRICS
    }

    /** {@code skaler_slurmrestd_requests_total{status}} when no HTTP status came back. */
    public enum TransportFailure implements Value {
        CONNECT_TIMEOUT, TIMEOUT, CONNECTION_ERROR, IO_ERROR, TLS_ERROR, INTERRUPTED
    }

    /** {@code skaler_kube_writes_total{kind}}: the objects skaler writes. */
    public enum KubeKind implements Value { NODESET, NODESET_SCALE, NODEPOOL, POD, EVENT, LEASE }

    /** {@code skaler_kube_writes_total{verb}}. */
    public enum KubeVerb implements Value { CREATE, UPDATE, PATCH }

    /**
     * {@code skaler_kube_writes_total{result}}: {@code refused} is a write the API server rejected for good (e.g. a
     * NodePool without {@code spec.replicas}); {@code dry_run} counts writes computed but not sent.
     */
    public enum WriteResult implements Value { OK, CONFLICT, ERROR, REFUSED, DRY_RUN }

    /** {@code skaler_kube_write_retries_total{reason}}: transient errors a write was retried after. */
    public enum RetryReason implements Value { CONFLICT, THROTTLED, SERVER_ERROR, CONNECTION }

    /** {@code skaler_kube_resource_missing{resource}}: what skaler watches, by the informer's name. */
    public enum WatchedResource implements Value {
        NODESETS, PODS, CONTROLLERS, RESTAPIS, NODEPOOLS, NODECLAIMS, NODES, POLICY_CONFIGMAP
    }

    /** {@code skaler_nodeset_unmanaged{reason}}: why skaler refuses to write to a NodeSet its policy names. */
    public enum UnmanagedReason implements Value {
        /** {@code spec.scalingMode: DaemonSet}: slurm-operator ignores {@code spec.replicas}. */
        DAEMONSET_SCALING_MODE
    }

    /** {@code skaler_nodepool_problem{problem}}. */
    public enum NodePoolProblem implements Value { NODES_NEVER_REMOVED, STATIC_NOT_FOLLOWED, LIMITS_BELOW_MACHINE }

    /** {@code skaler_paused{kind}}. */
    public enum PausedKind implements Value { NODESET, NODEPOOL }

    /** {@code skaler_foreign_writes_total{field}}: the fields skaler sets ({@code kind} is a {@link PausedKind}). */
    public enum OwnedField implements Value { REPLICAS, LIMITS }

    /** {@code skaler_policy_reloads_total{result}}. */
    public enum ReloadResult implements Value { ACCEPTED, REJECTED }

    /** {@code skaler_nodeset_replicas{kind}}. */
    public enum ReplicaKind implements Value { DESIRED, CURRENT, READY }
}
