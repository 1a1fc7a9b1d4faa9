package org.cryograd.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver side of a batch: decides which inputs are complete already, writes the manifest, submits one Spark job
 * of one task per remaining input (Spark runs as many at once as it has task slots), and records each result in the
 * manifest as it arrives, with one progress line on stderr.
 *
 * <p>An input is complete when every file of its task exists and none is older than the input file: every file is
 * renamed into place only once fully written, so a killed run leaves either the whole file or none (a stale
 * temporary at most, which the next write there removes).
 */
public final class BatchRun {
    /** A context the tests share across runs (one per JVM); null: each run starts and stops its own. */
    static volatile JavaSparkContext shared;

    /**
     * How to run.
     *
     * @param master the Spark master, or null to take spark-submit's (else {@code local[*]})
     * @param taskCpus cores each task counts for ({@code spark.task.cpus})
     * @param gpu one GPU per task through Spark's resource scheduling
     * @param retries extra attempts of a failed input
     * @param device the device of a task without a GPU of its own
     * @param threads the CPU pool size per executor, or null for Spark's executor cores / all cores
     * @param parallel most inputs at once, or null for as many as Spark has task slots
     * @param force run complete inputs again
     * @param verbose more log lines, commands' stderr copied
     */
    public record Settings(String master, int taskCpus, boolean gpu, int retries, String device, Integer threads, Integer parallel,
            boolean force, boolean verbose) {}

    /**
     * What the run did.
     *
     * @param done inputs that succeeded in this run
     * @param failed inputs whose every attempt failed
     * @param skipped inputs complete before this run
     */
    public record Summary(int done, int failed, int skipped) {}

    private BatchRun() {}

    /**
     * Runs the batch.
     *
     * @param appName Spark's application name
     * @param specs one task per input
     * @param manifestFile where the manifest goes
     * @param model the broadcast model, or null
     * @param s how to run
     * @param err progress lines
     * @return the counts
     * @throws IOException if the manifest cannot be read or written
     */
    public static Summary run(String appName, List<TaskSpec> specs, Path manifestFile, ModelFiles model, Settings s, PrintWriter err)
            throws IOException {
        Map<String, Manifest.Row> before = Manifest.read(manifestFile);
        Manifest manifest = new Manifest(manifestFile, specs);
        List<TaskSpec> todo = new ArrayList<>();
        for (TaskSpec t : specs) {
            if (!s.force() && complete(t)) {
                Manifest.Row old = before.get(t.input());
                manifest.put(old != null && old.status().equals(TaskResult.DONE) && old.output().equals(t.output()) ? old
                        : new Manifest.Row(t.input(), t.output(), TaskResult.DONE, 0, 0, "", ""));
            } else {
                todo.add(t);
            }
        }
        int skipped = specs.size() - todo.size();
        manifest.write();
        if (skipped > 0) err.printf(Locale.ROOT, "batch: %d of %d input%s complete already (skipped; --force runs them again)%n", skipped,
                specs.size(), specs.size() == 1 ? "" : "s");
        if (todo.isEmpty()) {
            err.printf("batch: nothing to do; manifest %s%n", manifestFile);
            err.flush();
            return new Summary(0, 0, skipped);
        }
        JavaSparkContext sc = shared;
        boolean own = sc == null;
        if (own) sc = new JavaSparkContext(SparkContext.getOrCreate(conf(appName, s)));
        try {
            return runTasks(sc, todo, manifest, model, s, err, skipped);
        } finally {
            if (own) sc.stop();
        }
    }

    private static Summary runTasks(JavaSparkContext sc, List<TaskSpec> todo, Manifest manifest, ModelFiles model, Settings s, PrintWriter err,
            int skipped) throws IOException {
        String master = sc.master();
        boolean local = master.startsWith("local");
        Broadcast<ModelFiles> b = model == null ? null : sc.broadcast(model);
        // Every job is submitted at once unless --parallel says otherwise: Spark runs as many tasks as it has slots
        // (cores / spark.task.cpus per executor), and on a cluster the pending tasks are what asks for executors.
        int cap = s.parallel() != null ? s.parallel() : Integer.MAX_VALUE;
        if (local && !s.device().equals("cpu") && cap > 1) {
            // one GPU, not shared: the local master has no resource scheduling, so one task at a time
            err.printf("batch: --device %s on %s: one task at a time (a GPU is never shared by two tasks)%n", s.device(), master);
            cap = 1;
        }
        Integer threads = s.threads() != null ? s.threads() : poolThreads(sc, local);
        TaskRunner runner = new TaskRunner(s.retries(), s.device(), threads, b, s.verbose());
        String atOnce = cap != Integer.MAX_VALUE ? Integer.toString(cap)
                : local ? Integer.toString(Math.max(1, sc.defaultParallelism() / Math.max(1, s.taskCpus()))) : "one per task slot";
        err.printf(Locale.ROOT, "batch: %d input%s on %s, %s at a time%s%s%n", todo.size(), todo.size() == 1 ? "" : "s", master, atOnce,
                threads != null ? ", " + threads + " CPU threads per executor" : "",
                b != null ? String.format(Locale.ROOT, ", model %s broadcast (%.1f MB)", model.source(), model.size() / 1e6) : "");
        err.flush();
        int done = 0, failed = 0, finished = 0;
        long lastWrite = System.nanoTime();
        Deque<TaskSpec> queue = new ArrayDeque<>(todo);
        Map<JavaFutureAction<List<TaskResult>>, Submitted> running = new LinkedHashMap<>();
        try {
            while (!queue.isEmpty() || !running.isEmpty()) {
                while (!queue.isEmpty() && running.size() < cap) {
                    TaskSpec t = queue.poll();
                    sc.setJobDescription("cryograd batch: " + t.name());
                    running.put(sc.parallelize(List.of(t), 1).map(runner).collectAsync(), new Submitted(t, System.nanoTime()));
                }
                boolean any = false;
                for (Iterator<Map.Entry<JavaFutureAction<List<TaskResult>>, Submitted>> it = running.entrySet().iterator(); it.hasNext();) {
                    Map.Entry<JavaFutureAction<List<TaskResult>>, Submitted> e = it.next();
                    if (!e.getKey().isDone()) continue;
                    it.remove();
                    any = true;
                    TaskSpec t = e.getValue().spec();
                    TaskResult r = result(e.getKey(), e.getValue());
                    manifest.put(Manifest.Row.of(t, r));
                    finished++;
                    if (r.done()) {
                        done++;
                        err.printf(Locale.ROOT, "batch: [%d/%d] %s done (%.1f s%s) -> %s%n", finished, todo.size(), t.name(), r.seconds(),
                                r.attempts() > 1 ? ", attempt " + r.attempts() : "", t.output());
                    } else {
                        failed++;
                        err.printf(Locale.ROOT, "batch: [%d/%d] %s FAILED after %d attempt%s: %s%n", finished, todo.size(), t.name(), r.attempts(),
                                r.attempts() == 1 ? "" : "s", r.error());
                    }
                    err.flush();
                }
                // rewritten at most once a second (a manifest of thousands of rows), and at the end
                if (any && System.nanoTime() - lastWrite > 1_000_000_000L) {
                    writeQuietly(manifest, err);
                    lastWrite = System.nanoTime();
                }
                if (!any) Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            for (JavaFutureAction<List<TaskResult>> f : running.keySet()) f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("batch interrupted; the manifest lists what finished", e);
        } finally {
            manifest.write();
        }
        err.printf("batch: %d done, %d failed, %d skipped; manifest %s%n", done, failed, skipped, manifest.file());
        err.flush();
        return new Summary(done, failed, skipped);
    }

    private record Submitted(TaskSpec spec, long startNanos) {}

    /** The task's result; a job that Spark itself gave up on (an executor lost too often) is a failed input. */
    private static TaskResult result(JavaFutureAction<List<TaskResult>> f, Submitted s) throws InterruptedException {
        try {
            return f.get().get(0);
        } catch (ExecutionException | RuntimeException e) {
            Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String msg = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip().split("\\R")[0];
            return new TaskResult(s.spec().name(), TaskResult.FAILED, 1, (System.nanoTime() - s.startNanos()) / 1e9, "", "spark: " + msg);
        }
    }

    private static void writeQuietly(Manifest manifest, PrintWriter err) {
        try {
            manifest.write();
        } catch (IOException e) {
            err.printf("batch: could not update the manifest %s (tried again at the end): %s%n", manifest.file(), e.getMessage());
        }
    }

    /** Every output present and none older than the input. */
    static boolean complete(TaskSpec t) {
        Path in = Path.of(t.input());
        long inTime = -1;
        try {
            if (Files.isRegularFile(in)) inTime = Files.getLastModifiedTime(in).toMillis();
            for (String o : t.outputs()) {
                Path p = Path.of(o);
                if (!Files.isRegularFile(p)) return false;
                if (Files.getLastModifiedTime(p).toMillis() < inTime) return false;
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return false;
        }
        return !t.outputs().isEmpty();
    }

    /** The CPU pool of an executor: the local master's thread count, or spark.executor.cores; null means all cores. */
    private static Integer poolThreads(JavaSparkContext sc, boolean local) {
        if (local) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+)(,\\d+)?]").matcher(sc.master());
            if (sc.master().equals("local")) return 1;
            return m.matches() ? Integer.valueOf(m.group(1)) : null;
        }
        String c = sc.getConf().get("spark.executor.cores", null);
        return c == null ? null : Integer.valueOf(c.trim());
    }

    /** Spark's configuration: spark-submit's (system properties) plus what the batch options set. */
    static SparkConf conf(String appName, Settings s) {
        SparkConf c = new SparkConf();
        if (s.master() != null) c.setMaster(s.master());
        else if (!c.contains("spark.master")) c.setMaster("local[*]");
        if (!c.contains("spark.app.name")) c.setAppName(appName);
        String master = c.get("spark.master");
        if (master.startsWith("local")) {
            // an embedded run talks to itself only
            c.setIfMissing("spark.driver.host", "localhost");
            c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        // the web UI needs Jersey, which the embedded class path leaves out; under spark-submit it is there
        if (!c.contains("spark.ui.enabled") && !present("org.glassfish.jersey.server.ResourceConfig")) c.set("spark.ui.enabled", "false");
        c.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (s.taskCpus() > 1) c.set("spark.task.cpus", Integer.toString(s.taskCpus()));
        if (s.gpu()) {
            c.setIfMissing("spark.executor.resource.gpu.amount", "1");
            c.set("spark.task.resource.gpu.amount", "1");
        }
        return c;
    }

    private static boolean present(String cls) {
        try {
            Class.forName(cls, false, BatchRun.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
