package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.TestPlan;

/**
 * What the GPU machine's test run selects and how it reads the outcome (the run itself needs a GPU;
 * {@code kernels/gpu/test-check.sh} proves the no-GPU exit 3 of the whole check).
 */
class GpuTestMainTest {
    /** "Class.method" of every method the CUDA filter keeps under {@code selectors}. */
    private static Set<String> selected(String... selectors) {
        TestPlan plan = LauncherFactory.create().discover(GpuTestMain.request(selectors));
        Set<String> out = new TreeSet<>();
        for (var root : plan.getRoots())
            for (var id : plan.getDescendants(root))
                id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                        .ifPresent(m -> out.add(m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1) + "." + m.getMethodName()));
        return out;
    }

    private static Set<String> classes(Set<String> methods) {
        Set<String> c = new TreeSet<>();
        for (String m : methods) c.add(m.substring(0, m.indexOf('.')));
        return c;
    }

    @Test
    void onlyTheCudaCasesOfThisModuleAreSelected() {
        Set<String> c = classes(selected("org.cryograd.kernels"));
        assertEquals(new TreeSet<>(List.of("ConvKernelTest", "CudaBackendGpuTest", "DeviceOpsKernelTest", "GemmKernelTest", "PoolKernelTest",
                "SpmmKernelTest", "UpsampleKernelTest")), c, "the validators and the whole-backend GPU test; no emulator, nvcc or source-tree test");
    }

    @Test
    void onlyTheDeviceCasesOfTheTensorSuiteAreSelected() {
        Set<String> m = selected("org.cryograd.tensor");
        assertTrue(m.contains("GradCheckTest.analyticMatchesFiniteDifferences"), m.toString());
        assertTrue(m.contains("TorchFixtureTest.matchesPyTorch"), m.toString());
        assertTrue(classes(m).containsAll(List.of("AutogradTest", "DeterminismTest", "MemoryScopeTest")), m.toString());
        assertFalse(classes(m).stream().anyMatch(k -> k.startsWith("Simd")), "CPU-only kernel tests are not device cases: " + m);
    }

    @Test
    void aClassSelectorKeepsItsCudaCases() {
        assertEquals(Set.of("GemmKernelTest"), classes(selected("org.cryograd.kernels.GemmKernelTest")));
        assertEquals(Set.of(), selected("org.cryograd.kernels.PtxUpToDateTest"));
    }

    @Test
    void passesOnlyWhenCasesRanAndNoneFailedOrSkipped() {
        assertEquals(0, GpuTestMain.status(0, 0, 12));
        assertEquals(1, GpuTestMain.status(1, 0, 12), "a failure");
        assertEquals(1, GpuTestMain.status(0, 2, 12), "a case skipped on a GPU that opened");
        assertEquals(1, GpuTestMain.status(0, 0, 0), "nothing ran");
    }

    @Test
    void theValidatorKindsCanBeRestricted() {
        assertEquals(List.of("emu", "gpu"), Harness.kinds(null).toList());
        assertEquals(List.of("gpu"), Harness.kinds("gpu").toList());
        assertThrows(IllegalArgumentException.class, () -> Harness.kinds("cuda"));
    }
}
