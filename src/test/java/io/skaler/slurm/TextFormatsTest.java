package io.skaler.slurm;

import io.skaler.model.Gres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TRES/GRES strings, array task strings and hostlists, as Slurm writes them. */
class TextFormatsTest {
    @Test
    void jobTresInBothSyntaxes() {
        assertThat(TresSpec.jobGres("gres/gpu:h100:8")).isEqualTo(Gres.of("gpu:h100", 8));
        assertThat(TresSpec.jobGres("gres/gpu:8")).isEqualTo(Gres.of("gpu", 8));
        assertThat(TresSpec.jobGres("gres/gpu=1")).isEqualTo(Gres.of("gpu", 1));
        assertThat(TresSpec.jobGres("gres/gpu:a100=2")).isEqualTo(Gres.of("gpu:a100", 2));
        assertThat(TresSpec.jobGres("cpu=4,gres/gpu=1")).isEqualTo(Gres.of("gpu", 1));
        assertThat(TresSpec.jobGres("gres/gpu:h100:4,gres/gpu:2"))
                .isEqualTo(new Gres(Map.of("gpu:h100", 4L, "gpu", 2L)));
        assertThat(TresSpec.jobGres("gres/neuron:trn1:16,gres/efa:4"))
                .isEqualTo(new Gres(Map.of("neuron:trn1", 16L, "efa", 4L)));
        assertThat(TresSpec.jobGres("gres/gpu")).isEqualTo(Gres.of("gpu", 1));
        assertThat(TresSpec.jobGres("gres/gpu:h100")).isEqualTo(Gres.of("gpu:h100", 1));
        assertThat(TresSpec.jobGres("gres/shard:2k")).isEqualTo(Gres.of("shard", 2048));
        assertThat(TresSpec.jobGres("gres:gpu:2")).isEqualTo(Gres.of("gpu", 2));
        assertThat(TresSpec.jobGres("mem=4G,license/matlab=1")).isEqualTo(Gres.NONE);
        assertThat(TresSpec.jobGres("")).isEqualTo(Gres.NONE);
        assertThat(TresSpec.cpusPerTask("cpu=4,gres/gpu=1")).isEqualTo(4);
        assertThat(TresSpec.cpusPerTask("gres/gpu=1")).isZero();
    }

    @Test
    void malformedTresIsRefusedWithTheText() {
        assertThatThrownBy(() -> TresSpec.jobGres("gres/gpu:8x")).hasMessageContaining("gres/gpu:8x");
        assertThatThrownBy(() -> TresSpec.jobGres("gres/gpu=")).hasMessageContaining("missing count");
        assertThatThrownBy(() -> TresSpec.jobGres("gres/:4")).hasMessageContaining("no GRES name");
        assertThatThrownBy(() -> TresSpec.jobGres("gres/gpu:99999999999999")).hasMessageContaining("bad count");
    }

    @Test
    void nodeGres() {
        assertThat(TresSpec.nodeGres("gpu:h100:8(S:0-1)")).isEqualTo(Gres.of("gpu:h100", 8));
        assertThat(TresSpec.nodeGres("gpu:h100:2(IDX:0,3),nic:1")).isEqualTo(new Gres(Map.of("gpu:h100", 2L, "nic", 1L)));
        assertThat(TresSpec.nodeGres("gpu:h100:0(IDX:N/A)")).isEqualTo(Gres.of("gpu:h100", 0));
        assertThat(TresSpec.nodeGres("N/A")).isEqualTo(Gres.NONE);
        assertThat(TresSpec.nodeGres("(null)")).isEqualTo(Gres.NONE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            3-99          | 97 | 0 | false
            3-99%8        | 97 | 8 | false
            1,5,7-9       | 5  | 0 | false
            0-100:2       | 51 | 0 | false
            0-99:10%2     | 10 | 2 | false
            7             | 1  | 0 | false
            0-9999        | 10000 | 0 | false
            1,3,5,7-1...  | 3  | 0 | true
            1,3,5,7...%4  | 3  | 4 | true
            12345...      | 0  | 0 | true
            """)
    void arrayTaskStrings(String text, long count, int throttle, boolean truncated) {
        assertThat(ArrayTasks.parse(text)).isEqualTo(new ArrayTasks(count, throttle, truncated));
    }

    @Test
    void malformedArrayStrings() {
        assertThatThrownBy(() -> ArrayTasks.parse("5-2")).hasMessageContaining("bad task range");
        assertThatThrownBy(() -> ArrayTasks.parse("1,,2")).hasMessageContaining("bad task id");
        assertThatThrownBy(() -> ArrayTasks.parse("a-b")).hasMessageContaining("bad task id");
        assertThatThrownBy(() -> ArrayTasks.parse("0-10:0")).hasMessageContaining("bad task range");
    }

    /** Property: for random id sets written the way Slurm compresses them, the count is the set's size. */
    @Test
    void arrayCountMatchesTheIdsForRandomSets() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            var ids = new TreeSet<Integer>();
            int n = 1 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                ids.add(random.nextInt(200));
            }
            assertThat(ArrayTasks.parse(compress(ids)).count()).as(compress(ids)).isEqualTo(ids.size());
        }
    }

    private static String compress(TreeSet<Integer> ids) {
        var sb = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int id : ids) {
            if (prev != null && id == prev + 1) {
                prev = id;
                continue;
            }
            if (start != null) {
                sb.append(sb.length() > 0 ? "," : "").append(start.equals(prev) ? "" + start : start + "-" + prev);
            }
            start = id;
            prev = id;
        }
        sb.append(sb.length() > 0 ? "," : "").append(start.equals(prev) ? "" + start : start + "-" + prev);
        return sb.toString();
    }

    @Test
    void hostlists() {
        assertThat(Hostlist.expand("gpu-[0-2,7],cpu-0", 100)).containsExactly("gpu-0", "gpu-1", "gpu-2", "gpu-7", "cpu-0");
        assertThat(Hostlist.expand("n[08-10]-ib", 100)).containsExactly("n08-ib", "n09-ib", "n10-ib");
        assertThat(Hostlist.expand("a[1-2]b[3-4]", 100)).containsExactly("a1b3", "a1b4", "a2b3", "a2b4");
        assertThat(Hostlist.expand("", 100)).isEmpty();
        assertThat(Hostlist.expand("single", 100)).isEqualTo(List.of("single"));
        assertThatThrownBy(() -> Hostlist.expand("n[0-999999]", 1000)).hasMessageContaining("more than 1000");
        assertThatThrownBy(() -> Hostlist.expand("n[1-", 10)).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> Hostlist.expand("n[5-2]", 10)).hasMessageContaining("bad range");
    }
}
