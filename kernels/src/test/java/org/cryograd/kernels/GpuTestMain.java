package org.cryograd.kernels;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.spi.Backends;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the CUDA cases of the device test suites (this module's and the tensor module's, from the class path) without
 * Maven, on the GPU machine, which has no package registry ({@code kernels/gpu/bundle.sh} packs the jars,
 * {@code kernels/gpu/check.sh} runs this plain and under compute-sanitizer). Only CUDA cases run: the validators'
 * {@code gpu} kind, the tensor suite's {@code cuda:0} device and the tests tagged {@code cuda}; no emulator, no nvcc,
 * no source files, so it works from any directory. Exit status: 0 when every selected case passed, 1 on a failure or
 * when a case was skipped or none ran (a GPU that opened must run them all), 3 when no CUDA device opens (printed
 * first, before any test).
 */
public final class GpuTestMain {
    /** Exit status when no CUDA device opens. */
    static final int NO_DEVICE = 3;

    private GpuTestMain() {}

    /**
     * Args: class names or packages to run (default {@code org.cryograd.kernels org.cryograd.tensor}); of them only the
     * CUDA cases run.
     */
    public static void main(String[] args) {
        // -Dcryograd.gpucheck.noDeviceCheck=true runs the selection anyway (kernels/gpu/test-check.sh: on a machine
        // without a GPU every case is then skipped, which shows the bundle's runtime and class path run the suite)
        String problem = Boolean.getBoolean("cryograd.gpucheck.noDeviceCheck") ? null : noDevice();
        if (problem != null) {
            System.out.println("GpuTestMain: no usable CUDA device: " + problem);
            System.exit(NO_DEVICE);
        }
        System.setProperty("cryograd.test.kinds", "gpu");
        System.setProperty("cryograd.test.devices", "cuda");
        LauncherDiscoveryRequest request = request(args.length > 0 ? args : new String[] {"org.cryograd.kernels", "org.cryograd.tensor"});
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        SkipReporter skips = new SkipReporter();
        launcher.execute(request, summary, skips);
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 30);
        skips.print(out);
        int status = status(s.getTotalFailureCount(), skips.count(), s.getTestsSucceededCount());
        out.println("GpuTestMain: " + (status == 0 ? "pass" : "FAIL") + " (" + s.getTestsSucceededCount() + " passed, " + s.getTotalFailureCount()
                + " failed, " + skips.count() + " skipped or aborted)");
        System.exit(status);
    }

    /** 0 only when something ran and nothing failed or was skipped: on a GPU every selected case must run. */
    static int status(long failures, long skipped, long succeeded) {
        return failures == 0 && skipped == 0 && succeeded > 0 ? 0 : 1;
    }

    /**
     * Why CUDA device 0 cannot open, or null when it opens. Only {@link org.cryograd.tensor.DeviceUnavailableException}
     * counts as "no device"; anything else propagates, so a broken backend fails instead of reading as "no GPU".
     */
    static String noDevice() {
        try {
            Backends.of(new Device("cuda", 0)); // the registry's backend, which the tests then share
            return null;
        } catch (org.cryograd.tensor.DeviceUnavailableException e) {
            // only "no device here" is exit 3; any other failure to open is a broken backend and fails the run
            return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
    }

    /** The discovery request for {@code selectors} (a name with an upper-case simple name is a class), CUDA cases only. */
    static LauncherDiscoveryRequest request(String... selectors) {
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request();
        for (String name : selectors) {
            String simple = name.substring(name.lastIndexOf('.') + 1);
            b.selectors(!simple.isEmpty() && Character.isUpperCase(simple.charAt(0)) ? selectClass(name) : selectPackage(name));
        }
        return b.filters(CUDA_CASES).build();
    }

    /**
     * Keeps the test methods that run on a CUDA device: parameterised over {@code Harness#kinds} or
     * {@code TestDevices#all} (directly or through a meta-annotation such as {@code @OnEachDevice}), or tagged
     * {@code cuda} (the method or its class).
     */
    static final PostDiscoveryFilter CUDA_CASES = d -> {
        if (!d.isTest() && !(d.getSource().orElse(null) instanceof org.junit.platform.engine.support.descriptor.MethodSource))
            return FilterResult.included("container");
        return cudaCase(d) ? FilterResult.included("a CUDA case") : FilterResult.excluded("not a CUDA case");
    };

    private static boolean cudaCase(TestDescriptor d) {
        if (d.getTags().contains(TestTag.create("cuda"))) return true;
        Optional<Method> m = d.getSource().filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                .map(org.junit.platform.engine.support.descriptor.MethodSource.class::cast).map(GpuTestMain::method);
        return m.isPresent() && parameterisedOverDevices(m.get());
    }

    private static Method method(org.junit.platform.engine.support.descriptor.MethodSource s) {
        try {
            return s.getJavaMethod();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean parameterisedOverDevices(AnnotatedElement m) {
        Optional<MethodSource> src = AnnotationSupport.findAnnotation(m, MethodSource.class);
        if (src.isEmpty()) return false;
        for (String v : src.get().value())
            if (v.endsWith("Harness#kinds") || v.endsWith("TestDevices#all")) return true;
        return false;
    }

    /** Collects skip and abort reasons: on a GPU that opened, each one is a case that should have run. */
    private static final class SkipReporter implements TestExecutionListener {
        private final List<String> lines = new ArrayList<>();

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            lines.add(id.getDisplayName() + ": " + reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult r) {
            if (r.getStatus() == TestExecutionResult.Status.ABORTED)
                lines.add(id.getDisplayName() + ": aborted: " + r.getThrowable().map(Throwable::getMessage).orElse(""));
        }

        long count() {
            return lines.size();
        }

        void print(PrintWriter out) {
            out.println("skipped or aborted: " + lines.size());
            lines.stream().distinct().limit(40).forEach(l -> out.println("  " + l));
        }
    }
}
