package org.cryograd.polar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cryograd.em.sim.DensityMap;
import org.cryograd.em.sim.MeanInnerPotential;
import org.cryograd.em.sim.Templates;
import org.cryograd.polar.Interpolation;
import org.cryograd.polar.model.PolarModelConfig;
import org.cryograd.polar.train.ModelKind;
import org.cryograd.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run (32 x 32 at 10 Å, 2 seeds, 2 SNRs, 2 steps): data drawn for training, tuning and calibration come from
 * training and validation molecules only and all of it before any test image; the test and downstream images come
 * from test molecules; summary.csv agrees with a computation of its own from results_long.csv. A run of a subset of
 * the learned methods scores exactly what the full run scores for them, and nothing for the others.
 */
class SimPolarBenchmarkTest {
    @TempDir
    Path dir;

    private record Draw(long seed, double snr, String purpose, List<String> molecules) {}

    @Test
    void tuningNeverSeesTestMoleculesAndTheSummaryMatchesTheLongTable() throws Exception {
        Path tdir = TemplateParticleSimulatorTest.templates();
        assumeTrue(tdir != null, "../shared/templates (the density maps the benchmark projects) is absent");
        TemplateSplit split = new TemplateSplit(List.of("3qm1", "1s3x"), List.of("3h84"), List.of("3gl1", "1bxn"));
        SimPolarBenchmarkOptions o = SimPolarBenchmarkOptions.quickPreset().withSeeds(List.of(1L, 2L)).withSnrs(List.of(0.1, 0.05))
                .withTuning(new ValidatedTraining.Settings(List.of(1e-3, 3e-3), 2, 1, 1.0))
                .withSizes(32, 10.0, 4, new PolarModelConfig(32, 8, 1, 1, 3, 2, 2, 1, Interpolation.bilinear()), 2, 4, 8, 8, 8).withSplit(split);
        Map<String, DensityMap> maps = new LinkedHashMap<>();
        for (DensityMap m : Templates.load(tdir, split.all(), 10.0, MeanInnerPotential.protein())) maps.put(m.name(), m);
        List<Draw> draws = new ArrayList<>();
        SimPolarBenchmark.run(o, maps, dir, null, Device.cpu(), (seed, snr, purpose, mols) -> draws.add(new Draw(seed, snr, purpose, mols)));

        Set<String> tuning = new HashSet<>(split.train());
        tuning.addAll(split.validation());
        assertTrue(draws.stream().anyMatch(d -> d.purpose().equals("validation")), draws.toString());
        for (int i = 0; i < draws.size(); i++) {
            Draw d = draws.get(i);
            boolean evaluation = d.purpose().equals("test") || d.purpose().equals("downstream");
            for (String m : d.molecules())
                assertTrue(evaluation ? split.test().contains(m) : tuning.contains(m), d.purpose() + " drew " + m);
            if (evaluation)
                for (Draw later : draws.subList(i + 1, draws.size()))
                    if (later.seed() == d.seed() && later.snr() == d.snr())
                        assertTrue(later.purpose().equals("test") || later.purpose().equals("downstream"), "a " + later.purpose() + " draw after the test data: " + later);
        }

        // summary.csv from results_long.csv, computed here
        Map<List<String>, List<Double>> groups = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("results_long.csv"));
        assertEquals("benchmark,method,data,seed,metric,value", lines.get(0));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            if (Set.of("prepare_seconds", "run_seconds", "error").contains(f[4])) continue;
            groups.computeIfAbsent(List.of(f[1], f[2], f[4]), k -> new ArrayList<>()).add(f[5].equals("nan") ? Double.NaN : Double.parseDouble(f[5]));
        }
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals("method,setting,snr,metric,mean,sd,n", summary.get(0));
        assertEquals(groups.size(), summary.size() - 1);
        Set<String> methods = new HashSet<>();
        for (String l : summary.subList(1, summary.size())) {
            String[] f = l.split(",");
            List<Double> v = groups.get(List.of(f[0], f[1] + "_snr" + f[2], f[3]));
            assertTrue(v != null, "no long rows for " + l);
            assertEquals(2, v.size(), l);
            assertEquals(v.size(), Integer.parseInt(f[6]), l);
            double mean = (v.get(0) + v.get(1)) / 2, sd = Math.abs(v.get(0) - v.get(1)) / Math.sqrt(2);
            assertEquals(mean, Double.parseDouble(f[4]), 1e-5 * Math.abs(mean) + 1e-12, l);
            assertEquals(sd, Double.parseDouble(f[5]), 1e-5 * Math.abs(mean) + 1e-12, l);
            methods.add(f[0] + "/" + f[1] + "/" + f[3]);
        }
        for (String m : List.of("none", "wiener", "dncnn_2x4", "dncnn_direct_2x4", "polar_cnn", "polar_transformer"))
            for (String s : List.of("directional", "mixed")) assertTrue(methods.contains(m + "/" + s + "/rel_mse"), m + " " + s + " in " + methods);
        for (String m : List.of("clean", "none", "wiener", "dncnn_2x4", "dncnn_direct_2x4", "polar_cnn", "polar_transformer"))
            assertTrue(methods.contains(m + "/downstream_directional/resolution_fsc0143_A"), m + " downstream in " + methods);
        assertTrue(Files.readString(dir.resolve("choices.txt")).contains("test=3gl1 1bxn"));
    }

    @Test
    void aSubsetOfMethodsScoresWhatTheFullRunScoresForThem() throws Exception {
        Path tdir = TemplateParticleSimulatorTest.templates();
        assumeTrue(tdir != null, "../shared/templates (the density maps the benchmark projects) is absent");
        TemplateSplit split = new TemplateSplit(List.of("3qm1"), List.of("3h84"), List.of("3gl1"));
        SimPolarBenchmarkOptions full = SimPolarBenchmarkOptions.quickPreset().withSeeds(List.of(3L))
                .withTuning(new ValidatedTraining.Settings(List.of(1e-3), 2, 1, 1.0))
                .withSizes(32, 10.0, 4, new PolarModelConfig(32, 8, 1, 1, 3, 2, 2, 1, Interpolation.bilinear()), 2, 4, 8, 8, 8).withDncnn(3, 5)
                .withSplit(split);
        Map<String, DensityMap> maps = new LinkedHashMap<>();
        for (DensityMap m : Templates.load(tdir, split.all(), 10.0, MeanInnerPotential.protein())) maps.put(m.name(), m);
        Path a = dir.resolve("full"), b = dir.resolve("subset");
        SimPolarBenchmark.run(full, maps, a, null, Device.cpu(), SimPolarBenchmark.DataLog.NONE);
        SimPolarBenchmark.run(full.withLearned(EnumSet.of(ModelKind.DNCNN_DIRECT, ModelKind.POLAR_TRANSFORMER)), maps, b, null, Device.cpu(),
                SimPolarBenchmark.DataLog.NONE);

        Map<String, String> fullRows = qualityRows(a), subsetRows = qualityRows(b);
        Set<String> methods = new HashSet<>();
        for (String k : subsetRows.keySet()) methods.add(k.split(",")[0]);
        assertEquals(Set.of("none", "wiener", "clean", "dncnn_direct_3x5", "polar_transformer"), methods, "methods of the subset run");
        for (Map.Entry<String, String> e : subsetRows.entrySet()) assertEquals(fullRows.get(e.getKey()), e.getValue(), e.getKey());
        assertTrue(fullRows.keySet().stream().anyMatch(k -> k.startsWith("dncnn_3x5,")), "the full run scores the residual DnCNN: " + fullRows.keySet());
        assertTrue(Files.readString(b.resolve("choices.txt")).contains("learned methods: dncnn_direct_3x5, polar_transformer"));
    }

    /** {@code method,data,metric -> value} of every quality row of results_long.csv (no timings). */
    private static Map<String, String> qualityRows(Path run) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(run.resolve("results_long.csv"));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            if (Set.of("prepare_seconds", "run_seconds", "error").contains(f[4])) continue;
            out.put(f[1] + "," + f[2] + "," + f[4], f[5]);
        }
        return out;
    }
}
