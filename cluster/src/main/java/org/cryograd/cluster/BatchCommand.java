package org.cryograd.cluster;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What every {@code cryograd batch <job>} shares: where inputs come from and outputs go, how Spark runs the tasks,
 * retries, the manifest, and the options passed through to the single command ({@code -- ARGS}).
 */
abstract class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", order = 10,
            description = "Output directory (one result per input, named after it; the manifest goes here too).")
    String out;

    @Option(names = "--data", paramLabel = "DIR", order = 11,
            description = "Where the files named in a STAR/CSV list live (default: the list's directory).")
    Path data;

    @Option(names = "--master", paramLabel = "URL", order = 20,
            description = "Spark master (default: spark-submit's, else local[*]: embedded, one task per core). local[N]: N cores.")
    String master;

    @Option(names = "--retries", defaultValue = "1", paramLabel = "N", order = 21,
            description = "Extra attempts of an input that failed (default: ${DEFAULT-VALUE}); then it is reported and the others go on.")
    int retries;

    @Option(names = "--manifest", paramLabel = "FILE.csv", order = 22, description = "The manifest (default: OUT/manifest.csv).")
    Path manifest;

    @Option(names = "--task-cpus", defaultValue = "1", paramLabel = "N", order = 23,
            description = "Cores each task counts for (spark.task.cpus; default: ${DEFAULT-VALUE}): an executor of C cores runs C/N inputs at once, "
                    + "sharing one pool of C CPU threads.")
    int taskCpus;

    @Option(names = "--parallel", paramLabel = "N", order = 24,
            description = "At most N inputs at once (default: the task slots Spark has, cores / --task-cpus).")
    Integer parallel;

    @Option(names = "--gpu", order = 25,
            description = "One GPU per task (spark.task.resource.gpu.amount=1; the cluster must offer GPU resources); the task runs on cuda:<its GPU>.")
    boolean gpu;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda[:N]", order = 26,
            description = "Device of a task without a GPU of its own (default: ${DEFAULT-VALUE}; a GPU on the local master runs one task at a time).")
    String device;

    @Option(names = "--threads", paramLabel = "N", order = 27,
            description = "CPU threads per executor (default: local[N]'s N, spark.executor.cores, else all cores).")
    Integer threads;

    @Option(names = "--force", order = 28, description = "Run inputs whose outputs are complete again.")
    boolean force;

    @Option(names = {"-v", "--verbose"}, order = 29, description = "Each command's log lines and stack traces.")
    boolean verbose;

    @Parameters(paramLabel = "ARGS", arity = "0..*",
            description = "After '--': options passed to the single command of every input (e.g. -- --method wbp).")
    List<String> passThrough = new ArrayList<>();

    /** The job's name in the manifest and Spark's UI. */
    abstract String job();

    /** One task per input. */
    abstract List<TaskSpec> specs(Path outDir) throws Exception;

    /** The model to broadcast, or null. */
    ModelFiles model() throws Exception {
        return null;
    }

    @Override
    public final Integer call() throws Exception {
        if (retries < 0) throw usage("--retries must be at least 0, got " + retries);
        if (taskCpus < 1) throw usage("--task-cpus must be at least 1, got " + taskCpus);
        if (parallel != null && parallel < 1) throw usage("--parallel must be at least 1, got " + parallel);
        if (threads != null && threads < 1) throw usage("--threads must be at least 1, got " + threads);
        String dev = device.trim().toLowerCase(Locale.ROOT);
        if (!dev.matches("cpu|cuda(:\\d+)?")) throw usage("--device '" + device + "': expected cpu, cuda or cuda:N");
        Path outDir = localPath(out, "--out");
        List<TaskSpec> specs = specs(outDir);
        requireOutputsApart(specs);
        ModelFiles m = model();
        Path mf = manifest != null ? manifest : outDir.resolve("manifest.csv");
        PrintWriter err = spec.commandLine().getErr();
        BatchRun.Summary s = BatchRun.run("cryograd batch " + job(), specs, mf, m,
                new BatchRun.Settings(master, taskCpus, gpu, retries, dev, threads, parallel, force, verbose), err);
        spec.commandLine().getOut().printf("%d done, %d failed, %d skipped; manifest %s%n", s.done(), s.failed(), s.skipped(), mf);
        spec.commandLine().getOut().flush();
        return s.failed() > 0 ? 1 : 0;
    }

    /** No task may write a file that is some task's input (e.g. --out the input directory with the same names). */
    private static void requireOutputsApart(List<TaskSpec> specs) {
        java.util.Set<String> inputs = new java.util.HashSet<>();
        for (TaskSpec t : specs) inputs.add(t.input());
        for (TaskSpec t : specs)
            for (String o : t.outputs())
                if (inputs.contains(o)) throw new IllegalArgumentException("--out: the output " + o + " of " + t.name() + " is one of the inputs; "
                        + "choose another output directory");
    }

    ParameterException usage(String msg) {
        return new ParameterException(spec.commandLine(), msg);
    }

    /**
     * A path on a file system every executor sees. Hadoop URIs (hdfs://, s3a://, ...) are refused: the single commands
     * read and write local files.
     */
    static Path localPath(String s, String option) {
        if (s.startsWith("file://")) return Path.of(java.net.URI.create(s));
        if (s.matches("[A-Za-z][A-Za-z0-9+.-]*://.*"))
            throw new IllegalArgumentException(option + " " + s + ": file system URIs are not supported; give a path that every executor sees "
                    + "(a shared file system such as NFS or Lustre, or local disk for the embedded master)");
        return Path.of(s);
    }

    /** {@code --in} as InputLists takes it, URIs refused. */
    static String localInput(String in) {
        Path p = localPath(in, "--in");
        return in.startsWith("file://") ? p.toString() : in;
    }

    /** The absolute, normal form of a path, as the manifest and the commands get it. */
    static String abs(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
