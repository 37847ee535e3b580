package dk.simplydinero.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Peak heap after GC from a G1 log as {@code -Xlog:gc} writes it. */
class GcLogTest {

    @Test
    void theHighestHeapAfterAnyCollection() {
        List<String> log = List.of(
                "[0.012s][info][gc] Using G1",
                "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 3.123ms",
                "[5.000s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 180M->115M(256M) 9.8ms",
                "[5.100s][info][gc] GC(2) Pause Remark 120M->119M(256M) 1.2ms",
                "[9.000s][info][gc] GC(3) Pause Full (G1 Compaction Pause) 250M->98M(256M) 120.5ms",
                "[9.500s][info][gc] GC(4) Pause Young (Normal) (G1 Evacuation Pause) 900K->512K(8M) 0.5ms");
        assertThat(GcLog.peakAfterGc(log)).isEqualTo(119L * 1024 * 1024);
        assertThat(GcLog.peakAfterGc(List.of("[0.012s][info][gc] Using G1"))).isZero();
    }
}
