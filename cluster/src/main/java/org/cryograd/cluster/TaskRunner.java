package org.cryograd.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceInformation;
import org.cryograd.cli.Main;
import org.cryograd.io.AtomicFiles;

/**
 * Runs one input's task on an executor: the {@code cryograd} command lines of its {@link TaskSpec}, in-process
 * through the command line's own entry point (so the result is exactly the single command's), retried up to
 * {@code retries} more times when a command fails. Never throws for a failed input: the failure is the result.
 *
 * <p>Device: the GPU that Spark's resource scheduling gave the task ({@code cuda:N}, one per task, so a GPU is never
 * shared), else {@code device} as configured (cpu by default). Threads: {@code --threads} set to the executor's CPU
 * pool size, shared by the tasks that run in that executor at the same time.
 */
public final class TaskRunner implements Function<TaskSpec, TaskResult> {
    private static final long serialVersionUID = 1L;

    private final int retries;
    private final String device;
    private final Integer threads;
    private final Broadcast<ModelFiles> model;
    private final boolean verbose;

    /**
     * @param retries extra attempts after a failure (0 or more)
     * @param device the device when the task has no GPU of its own: cpu, cuda, cuda:N or auto
     * @param threads the CPU pool size of an executor, or null for all cores
     * @param model the broadcast model, or null when the job has none
     * @param verbose pass {@code -v} and copy each command's stderr to the executor's stderr
     */
    public TaskRunner(int retries, String device, Integer threads, Broadcast<ModelFiles> model, boolean verbose) {
        if (retries < 0) throw new IllegalArgumentException("retries must be at least 0, got " + retries);
        this.retries = retries;
        this.device = device;
        this.threads = threads;
        this.model = model;
        this.verbose = verbose;
    }

    @Override
    public TaskResult call(TaskSpec spec) {
        long t0 = System.nanoTime();
        String error = "";
        String metrics = "";
        int attempt = 0;
        while (attempt <= retries) {
            attempt++;
            try {
                metrics = runOnce(spec);
                return new TaskResult(spec.name(), TaskResult.DONE, attempt, seconds(t0), metrics, "");
            } catch (StepFailed e) {
                error = e.getMessage();
            } catch (IOException | RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
            }
        }
        return new TaskResult(spec.name(), TaskResult.FAILED, attempt, seconds(t0), "", error);
    }

    private String runOnce(TaskSpec spec) throws IOException, StepFailed {
        String dev = taskDevice();
        String modelDir = model == null ? null : ModelFiles.localDir(model).toString();
        String metrics = "";
        for (TaskSpec.Step step : spec.steps()) {
            List<String> args = new ArrayList<>();
            if (threads != null) args.addAll(List.of("--threads", Integer.toString(threads)));
            if (verbose) args.add("-v");
            for (String a : step.args()) {
                if (a.equals(TaskSpec.DEVICE)) a = dev;
                else if (a.equals(TaskSpec.MODEL)) {
                    if (modelDir == null) throw new IllegalStateException("task " + spec.name() + " needs a model but none was broadcast");
                    a = modelDir;
                }
                args.add(a);
            }
            StringWriter out = new StringWriter(), err = new StringWriter();
            int rc;
            try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
                rc = Main.commandLine(o, e).execute(args.toArray(new String[0]));
            } catch (StackOverflowError | OutOfMemoryError e) {
                throw new StepFailed(e.getClass().getSimpleName() + " in '" + String.join(" ", step.args()) + "'");
            }
            if (verbose && err.getBuffer().length() > 0) System.err.print(err);
            if (rc != 0) {
                String msg = errorLine(err.toString());
                if (modelDir != null) msg = msg.replace(modelDir, model.value().source());
                throw new StepFailed(msg.isEmpty() ? "'" + String.join(" ", step.args()) + "' exited with status " + rc : msg);
            }
            if (step.stdoutTo() != null) {
                AtomicFiles.write(Path.of(step.stdoutTo()), out.toString().getBytes(StandardCharsets.UTF_8));
                if (step.metricsFromCsv()) metrics = csvMetrics(out.toString());
            }
        }
        return metrics;
    }

    /** The GPU Spark assigned to this task, else the configured device. */
    private String taskDevice() {
        TaskContext tc = TaskContext.get();
        if (tc != null) {
            Map<String, ResourceInformation> res = tc.resourcesJMap();
            ResourceInformation gpu = res == null ? null : res.get("gpu");
            if (gpu != null && gpu.addresses().length > 0) return "cuda:" + gpu.addresses()[0];
        }
        return device;
    }

    /** A header line and one values line become {@code key=value;key=value}. */
    static String csvMetrics(String csv) {
        String[] lines = csv.strip().split("\\R");
        if (lines.length < 2) return "";
        String[] k = lines[0].split(","), v = lines[1].split(",");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(k.length, v.length); i++) {
            if (sb.length() > 0) sb.append(';');
            sb.append(k[i].strip()).append('=').append(v[i].strip());
        }
        return sb.toString();
    }

    /** The command line's one-line error (with -v a stack trace follows it), else the last line it printed. */
    static String errorLine(String s) {
        String[] lines = s.strip().split("\\R");
        for (String l : lines) if (l.contains(": error: ") || l.contains(": internal error: ")) return l.strip();
        for (String l : lines) if (l.startsWith("cryograd ")) return l.strip();
        for (int i = lines.length - 1; i >= 0; i--) if (!lines[i].isBlank()) return lines[i].strip();
        return "";
    }

    private static String oneLine(String s) {
        return s == null ? "(no message)" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A command that exited non-zero; the message is its one-line error. */
    static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }
}
