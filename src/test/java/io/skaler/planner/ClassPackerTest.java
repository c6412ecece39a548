package io.skaler.planner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The arithmetic of placing classes with counts (shape: 96 CPU, 1,000,000 MB, 8 GPU). */
class ClassPackerTest {
    private static final long[] CAP = {96, 1_000_000, 8};

    private static NodeRequest req(int nodes, long gpus, boolean whole) {
        return new NodeRequest(nodes, new long[] {1, 0, gpus}, whole);
    }

    @Test
    void homogeneousSingleNodeJobsUseTheFastPath() {
        Bins bins = new Bins();
        var p = ClassPacker.place(bins, req(1, 1, false), 100, Long.MAX_VALUE, CAP);
        assertThat(p.newNodes()).isEqualTo(13); // ceil(100 / 8)
        assertThat(p.placedOnNew()).isEqualTo(100);
        assertThat(p.unplaced()).isZero();
    }

    @Test
    void multiNodeJobsNeedDistinctNodes() {
        Bins bins = new Bins();
        // 3 jobs x 2 nodes x 4 GPU: 6 parts of which 2 fit a node, and each job on 2 different nodes
        var p = ClassPacker.place(bins, req(2, 4, false), 3, Long.MAX_VALUE, CAP);
        assertThat(p.newNodes()).isEqualTo(3);
        // one job of 4 nodes x 1 GPU could share one node by resources, but needs 4 distinct nodes
        var q = ClassPacker.place(new Bins(), req(4, 1, false), 1, Long.MAX_VALUE, CAP);
        assertThat(q.newNodes()).isEqualTo(4);
    }

    @Test
    void wholeNodeMultiNodeJobsTakeNodesTimesJobs() {
        var p = ClassPacker.place(new Bins(), req(4, 8, true), 5, Long.MAX_VALUE, CAP);
        assertThat(p.newNodes()).isEqualTo(20);
    }

    @Test
    void freeRoomIsUsedBeforeNewNodesAndPartlyFreeNodesFirst() {
        Bins bins = new Bins();
        bins.addHeld(new long[] {48, 500_000, 4}, 2, false, -1, Bins.Kind.REGISTERED); // partly used
        bins.addHeld(CAP.clone(), 1, true, 0, Bins.Kind.REGISTERED); // idle
        var p = ClassPacker.place(bins, req(1, 2, false), 4, Long.MAX_VALUE, CAP);
        assertThat(p.placedOnHeld()).isEqualTo(4);
        assertThat(p.newNodes()).isZero();
        assertThat(bins.untouchedIdle(0)).isEqualTo(1);
        var q = ClassPacker.place(bins, req(1, 2, false), 5, Long.MAX_VALUE, CAP);
        assertThat(q.placedOnHeld()).isEqualTo(4); // the idle node takes 4 more, the fifth opens a node
        assertThat(q.newNodes()).isEqualTo(1);
        assertThat(bins.untouchedIdle(0)).isZero();
    }

    @Test
    void multiNodeJobsCombineFreeRoomWithNewNodesButNeverTwiceOnOneNode() {
        Bins bins = new Bins();
        bins.addHeld(CAP.clone(), 1, true, 0, Bins.Kind.REGISTERED);
        // 2 jobs x 2 nodes x 4 GPU: the idle node takes one part of each job, one new node the other two
        var p = ClassPacker.place(bins, req(2, 4, false), 2, Long.MAX_VALUE, CAP);
        assertThat(p.newNodes()).isEqualTo(1);
        assertThat(bins.untouchedIdle(0)).isZero();
        // one job of 4 whole nodes with 2 idle nodes: 2 more, not 4
        Bins two = new Bins();
        two.addHeld(CAP.clone(), 2, true, 0, Bins.Kind.REGISTERED);
        var q = ClassPacker.place(two, req(4, 8, true), 1, Long.MAX_VALUE, CAP);
        assertThat(q.newNodes()).isEqualTo(2);
        assertThat(q.unplaced()).isZero();
        // 1 job of 3 x 4 GPU on one idle node: a second part on that node would break distinctness
        Bins one = new Bins();
        one.addHeld(CAP.clone(), 1, true, 0, Bins.Kind.REGISTERED);
        assertThat(ClassPacker.place(one, req(3, 4, false), 1, Long.MAX_VALUE, CAP).newNodes()).isEqualTo(2);
    }

    @Test
    void wholeNodeJobsTakeOnlyPristineNodes() {
        Bins bins = new Bins();
        bins.addHeld(new long[] {95, 1_000_000, 8}, 3, false, -1, Bins.Kind.REGISTERED);
        bins.addHeld(CAP.clone(), 2, true, -1, Bins.Kind.IN_FLIGHT);
        var p = ClassPacker.place(bins, req(1, 8, true), 3, Long.MAX_VALUE, CAP);
        assertThat(p.placedOnHeld()).isEqualTo(2);
        assertThat(p.newNodes()).isEqualTo(1);
    }

    @Test
    void theAllowanceBoundsNewNodesAndLeavesTheRestUnplaced() {
        var p = ClassPacker.place(new Bins(), req(2, 8, true), 5, 5, CAP);
        assertThat(p.newNodes()).isEqualTo(4);
        assertThat(p.placedOnNew()).isEqualTo(2);
        assertThat(p.unplaced()).isEqualTo(3);
        var none = ClassPacker.place(new Bins(), req(4, 8, true), 1, 3, CAP);
        assertThat(none.newNodes()).isZero();
        assertThat(none.unplaced()).isEqualTo(1);
    }

    @Test
    void leftoverRoomOfNewNodesServesLaterClasses() {
        Bins bins = new Bins();
        var big = ClassPacker.place(bins, req(1, 6, false), 3, Long.MAX_VALUE, CAP); // 3 nodes, 2 GPU left each
        var small = ClassPacker.place(bins, req(1, 2, false), 3, Long.MAX_VALUE, CAP);
        assertThat(big.newNodes()).isEqualTo(3);
        assertThat(small.newNodes()).isZero();
        assertThat(small.placedOnHeld()).isEqualTo(3);
    }
}
