package org.cryograd.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cryograd batch}: one job over many inputs on Apache Spark. The launcher runs this class for
 * {@code ./cryograd batch ...} with Spark on the class path (embedded {@code local[*]} master by default);
 * {@code spark-submit --class org.cryograd.cluster.BatchMain cryograd-cluster-<version>-submit.jar <job> ...} runs it
 * on a cluster.
 *
 * <p>Exit status: 0 every input done (or complete before), 1 some input failed (listed in the manifest) or the batch
 * could not start, 2 a usage error.
 */
@Command(name = "cryograd batch", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, versionProvider = BatchMain.Version.class,
        description = {"Run one job over many inputs on Apache Spark: one task per input, outputs written atomically, a manifest "
                + "(OUT/manifest.csv), a rerun skips complete inputs, a failed input is retried and reported while the others go on."},
        footer = {"", "Example:  cryograd batch denoise --model run/ --in tomos/ --out den/",
            "          cryograd batch reconstruct --in ts/ --out rec/ -- --method wbp"},
        subcommands = {ReconstructBatch.class, DenoiseBatch.class, PickBatch.class, SimulateBatch.class, MetricsBatch.class,
            CommandLine.HelpCommand.class})
public final class BatchMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "no job given: reconstruct, denoise, pick, simulate or metrics");
    }

    /** A fresh command line writing to the given streams. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new BatchMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable t = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
            boolean known = t instanceof IllegalArgumentException || t instanceof IOException || t instanceof IllegalStateException;
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + (known ? "error: " : "internal error: " + t.getClass().getSimpleName() + ": ")
                    + oneLine(t.getMessage()));
            if (c.getCommandSpec().userObject() instanceof BatchCommand b && b.verbose) ex.printStackTrace(c.getErr());
            c.getErr().flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage()) + " (see '" + c.getCommandSpec().qualifiedName()
                    + " --help')");
            c.getErr().flush();
            return 2;
        });
        return cl;
    }

    /** Runs the batch and exits with its status. */
    public static void main(String[] args) {
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.equals("-v") || a.equals("--verbose")) System.setProperty("org.slf4j.simpleLogger.log.org.cryograd", "debug");
        }
        quietSpark();
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true), err = new PrintWriter(System.err, true);
        int rc = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        // Under spark-submit a successful main returns (on YARN, an exit from the user class before the application
        // master reports its status counts as a failure); a failed batch exits with its status there too.
        if (rc != 0 || System.getProperty("spark.submit.deployMode") == null) System.exit(rc);
    }

    /** With slf4j-simple (the embedded run), Spark's and Hadoop's start-up chatter stays below the shown level. */
    static void quietSpark() {
        for (String p : new String[] {"org.apache.spark", "org.apache.hadoop", "org.sparkproject", "io.netty"}) {
            String key = "org.slf4j.simpleLogger.log." + p;
            if (System.getProperty(key) == null) System.setProperty(key, "error");
        }
    }

    /** cryograd's version (from the command line's build properties) and the Spark version on the class path. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = "unknown";
            try (java.io.InputStream in = org.cryograd.cli.Main.class.getResourceAsStream("/cryograd-cli.properties")) {
                if (in != null) {
                    java.util.Properties p = new java.util.Properties();
                    p.load(in);
                    v = p.getProperty("version", v);
                }
            } catch (IOException e) {
                // unknown
            }
            return new String[] {"cryograd batch " + v, "Apache Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION(),
                "Java " + System.getProperty("java.version")};
        }
    }

    private static String oneLine(String s) {
        return s == null || s.isBlank() ? "(no message)" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
