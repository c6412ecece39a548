package io.skaler.planner;

import java.time.Instant;

/** What a pending job that is not eligible now waits for, as far as more nodes are concerned. */
sealed interface Wait {
    /**
     * It becomes eligible at {@code at}.
     *
     * @param what     what it waits for, e.g. {@code reservation maint starts}; {@code ""} for its begin time
     * @param onlyThis nothing else Slurm told holds it (a hold, a limit), so it may start at {@code at}
     * @param slurmSays Slurm's reason, named when {@code onlyThis} is false
     */
    record Until(Instant at, String what, boolean onlyThis, String slurmSays) implements Wait {
    }

    /** More nodes will not let it start, whenever it becomes eligible: excluded with {@code reason}. */
    record Never(String reason) implements Wait {
    }
}
