package io.skaler.kube;

/** Whether this instance may write. Only the Lease holder writes; a follower observes and keeps its caches warm. */
@FunctionalInterface
public interface Leadership {
    boolean isLeader();

    /** For a single instance without election (the offline CLI, tests of other behaviour). */
    Leadership ALWAYS = () -> true;
}
