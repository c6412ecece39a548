package io.skaler.loop;

/** Whether this instance holds the lease; only the leader writes. */
@FunctionalInterface
public interface Leadership {
    boolean isLeader();

    Leadership ALWAYS = () -> true;
}
