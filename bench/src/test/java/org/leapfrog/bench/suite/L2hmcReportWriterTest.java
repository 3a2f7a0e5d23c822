package org.leapfrog.bench.suite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of {@code bench l2hmc} for the partial plans: speed only, and L2HMC without HMC baselines. */
class L2hmcReportWriterTest {
    private static Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("quick", false);
        r.put("date", "2026-12-05");
        r.put("machine", MachineInfo.collect());
        r.put("device", "test");
        return r;
    }

    @Test
    void speedOnlyWritesTheReportWithoutPlots(@TempDir Path dir) throws Exception {
        L2hmcReportWriter.write(dir, report(), List.of(), List.of(), Map.of("train_it_per_s_float64_java", 5.0), List.of());
        assertTrue(Files.readString(dir.resolve("l2hmc.md")).contains("train_it_per_s_float64_java: 5.0"));
        assertFalse(Files.exists(dir.resolve("l2hmc-ess.png")));
        assertFalse(Files.exists(dir.resolve("l2hmc-hmc-grid.png")));
    }

    @Test
    void withoutHmcRowsOnlyTheEssBarsAreDrawn(@TempDir Path dir) throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", "mog");
        row.put("sampler", "l2hmc");
        row.put("step_size", 0.1);
        row.put("paper_step_size", false);
        row.put("acceptance", 0.9);
        row.put("ess_per_mh_step", 0.01);
        row.put("ess_per_gradient", 0.001);
        row.put("ess_bulk_min", 100.0);
        row.put("ess_geyer_min", 90.0);
        row.put("sample_seconds", 1.0);
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("target", "mog");
        ratio.put("l2hmc_ess_per_mh_step", 0.01);
        ratio.put("hmc_paper_ess_per_mh_step", 0.0);
        ratio.put("hmc_paper_step_size", Double.NaN);
        ratio.put("ratio_paper_style", Double.NaN);
        ratio.put("poster_ratio", 124.0);
        ratio.put("hmc_best_ess_per_mh_step", 0.0);
        ratio.put("hmc_best_step_size", Double.NaN);
        ratio.put("ratio_vs_best_hmc", Double.NaN);
        ratio.put("l2hmc_ess_geyer_min_per_chain_step", 0.001);
        ratio.put("train_iterations", 4L);
        ratio.put("train_seconds", 1.0);
        L2hmcReportWriter.write(dir, report(), List.of(row), List.of(ratio), Map.of(), List.of("no HMC"));
        assertTrue(Files.size(dir.resolve("l2hmc-ess.png")) > 0);
        assertFalse(Files.exists(dir.resolve("l2hmc-hmc-grid.png")));
    }
}
