package org.cryograd.kernels;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the device test suites (this module's and the tensor module's, from the class path) without Maven, for the GPU
 * machine, which has no package registry: {@code kernels/gpu/bundle.sh} packs the classes and jars, and
 * {@code kernels/gpu/check.sh} runs this (plain and under compute-sanitizer). Prints JUnit's summary with every
 * failure and skip reason; exit status 1 on any failure, 3 when the CUDA cases were skipped (no usable GPU).
 */
public final class GpuTestMain {
    private GpuTestMain() {}

    /** Args: packages to run (default {@code org.cryograd.kernels org.cryograd.tensor}). */
    public static void main(String[] args) {
        String[] packages = args.length > 0 ? args : new String[] {"org.cryograd.kernels", "org.cryograd.tensor"};
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request();
        for (String p : packages) b.selectors(selectPackage(p));
        LauncherDiscoveryRequest request = b.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        SkipReporter skips = new SkipReporter();
        launcher.execute(request, summary, skips);
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 30);
        skips.print(out);
        if (s.getTotalFailureCount() > 0) System.exit(1);
        if (skips.cudaSkipped()) System.exit(3);
    }

    /** Collects skip reasons (a skipped CUDA case on the GPU machine means the device did not open). */
    private static final class SkipReporter implements org.junit.platform.launcher.TestExecutionListener {
        private final java.util.List<String> lines = new java.util.ArrayList<>();
        private boolean cuda;

        @Override
        public void executionSkipped(org.junit.platform.launcher.TestIdentifier id, String reason) {
            lines.add(id.getDisplayName() + ": " + reason);
        }

        @Override
        public void executionFinished(org.junit.platform.launcher.TestIdentifier id, org.junit.platform.engine.TestExecutionResult r) {
            if (r.getStatus() == org.junit.platform.engine.TestExecutionResult.Status.ABORTED) {
                String reason = r.getThrowable().map(Throwable::getMessage).orElse("");
                lines.add(id.getDisplayName() + ": aborted: " + reason);
                if (reason.contains("CUDA") || reason.contains("cuda")) cuda = true;
            }
        }

        boolean cudaSkipped() {
            return cuda;
        }

        void print(PrintWriter out) {
            out.println("skipped or aborted: " + lines.size());
            lines.stream().distinct().limit(40).forEach(l -> out.println("  " + l));
        }
    }
}
