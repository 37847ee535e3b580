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
        assertThat(GcLog.peakAfterGc(log)).isEqualTo(115L * 1024 * 1024);
        assertThat(GcLog.peakAfterGc(List.of("[0.012s][info][gc] Using G1"))).isZero();
    }

    /**
     * The concurrent cycle's Remark and Cleanup pauses evacuate nothing: their figure is the heap at that moment, the
     * young objects made since the last collection included (the 100,000-record run's peak, 205 MB, was a Remark's;
     * the young collection right after it left 141 MB).
     */
    @Test
    void notTheConcurrentCyclesRemarkOrCleanup() {
        List<String> log = List.of(
                "[969.126s][info][gc] GC(482) Pause Young (Normal) (G1 Evacuation Pause) 203M->140M(239M) 91.729ms",
                "[970.008s][info][gc] GC(484) Concurrent Mark Cycle",
                "[970.685s][info][gc] GC(484) Pause Remark 167M->167M(256M) 234.295ms",
                "[971.043s][info][gc] GC(484) Pause Cleanup 172M->172M(256M) 0.114ms",
                "[971.640s][info][gc] GC(485) Pause Young (Prepare Mixed) (G1 Evacuation Pause) 193M->141M(256M) 83.751ms",
                "[971.963s][info][gc] GC(486) Pause Young (Mixed) (G1 Evacuation Pause) 149M->120M(256M) 26.435ms");
        assertThat(GcLog.peakAfterGc(log)).isEqualTo(141L * 1024 * 1024);
    }
}
