package org.cryograd.cluster;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What one Spark task does for one input: the {@code cryograd} command lines it runs in order (each exactly as a user
 * would type it after {@code cryograd}), and the files that exist once it succeeded.
 *
 * <p>Paths are strings: {@link java.nio.file.Path} is not serializable, and a spec travels from the driver to an
 * executor. Two placeholders in the arguments are filled in on the executor: {@link #MODEL} (the executor's local copy
 * of a broadcast model directory) and {@link #DEVICE} (the task's device).
 *
 * @param name the input's name (file name without extension, a STAR row's tomogram name, or {@code seed_N})
 * @param input the input as the manifest shows it (a path, or a seed)
 * @param output the main output (a file, or the directory that holds the task's files)
 * @param outputs every file the task writes; all of them present means the task is complete
 * @param steps the command lines, in order
 */
public record TaskSpec(String name, String input, String output, List<String> outputs, List<Step> steps) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Replaced on the executor by the local directory of the broadcast model. */
    public static final String MODEL = "{model}";
    /** Replaced on the executor by {@code cpu} or {@code cuda:N} (the GPU Spark gave the task). */
    public static final String DEVICE = "{device}";

    /** Copies the lists; every field is required. */
    public TaskSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        outputs = List.copyOf(outputs);
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("TaskSpec " + name + ": no command to run");
    }

    /**
     * One command line.
     *
     * @param args the arguments after {@code cryograd} (global options first)
     * @param stdoutTo a file that receives what the command prints on stdout (written atomically), or null to drop it
     * @param metricsFromCsv whether that output is a one-row CSV whose values go to the manifest's metrics column
     */
    public record Step(List<String> args, String stdoutTo, boolean metricsFromCsv) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Copies the arguments. */
        public Step {
            args = List.copyOf(args);
        }

        /** A command whose stdout is not kept. */
        public static Step of(List<String> args) {
            return new Step(args, null, false);
        }
    }
}
