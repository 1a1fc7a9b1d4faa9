package org.cryograd.nn.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Tensor;

/** Checks and helpers shared by the optimizers. */
final class Params {
    private Params() {}

    /** An unmodifiable copy of {@code params} after checking each is an open leaf that requires grad, listed once. */
    static List<Tensor> check(String who, List<Tensor> params) {
        if (params == null || params.isEmpty()) throw new IllegalArgumentException(who + ": empty parameter list");
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) throw new IllegalArgumentException(who + ": parameter " + i + " is null");
            if (p.isClosed()) throw new IllegalArgumentException(who + ": parameter " + i + " of shape " + p.shape() + " is closed");
            if (!p.isLeaf() || !p.needsGrad())
                throw new IllegalArgumentException(who + ": parameter " + i + " of shape " + p.shape()
                        + " must be a leaf tensor with requiresGrad()");
            if (!seen.add(p)) throw new IllegalArgumentException(who + ": parameter " + i + " appears more than once");
        }
        return List.copyOf(params);
    }

    /** A zero tensor shaped like {@code p} on its device, made outside autograd. */
    static Tensor zerosLike(Tensor p) {
        try (Grad g = Grad.disabled()) {
            return Tensor.zeros(p.device(), p.dims());
        }
    }

    static void zeroGrad(List<Tensor> params) {
        for (Tensor p : params) p.zeroGrad();
    }

    static void checkFinite(String who, String name, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(who + ": " + name + " must be finite, got " + v);
    }

    static void checkNonNegative(String who, String name, double v) {
        checkFinite(who, name, v);
        if (v < 0) throw new IllegalArgumentException(who + ": " + name + " must be >= 0, got " + v);
    }

    /** Checks that {@code state.<i>.<buffer>} exists for every parameter with the parameter's shape. */
    static void checkBuffers(OptimizerState s, List<Tensor> params, String buffer) {
        for (int i = 0; i < params.size(); i++) {
            String key = "state." + i + "." + buffer;
            Tensor src = s.tensor(key);
            if (!Arrays.equals(src.dims(), params.get(i).dims()))
                throw new IllegalArgumentException(s.type() + " state: tensor '" + key + "' has shape " + src.shape()
                        + " but parameter " + i + " has shape " + params.get(i).shape());
        }
    }

    /** Copies {@code state.<i>.<buffer>} into {@code buffers[i]} (after {@link #checkBuffers}). */
    static void copyBuffers(OptimizerState s, String buffer, Tensor[] buffers) {
        try (Grad g = Grad.disabled()) {
            for (int i = 0; i < buffers.length; i++) buffers[i].copyFrom(s.tensor("state." + i + "." + buffer));
        }
    }

    /** Detached aliases of {@code buffers} under {@code state.<i>.<buffer>}. */
    static void putBuffers(Map<String, Tensor> out, String buffer, Tensor[] buffers) {
        for (int i = 0; i < buffers.length; i++) out.put("state." + i + "." + buffer, buffers[i].detach());
    }

    /** Checks the saved type and parameter count. */
    static void checkHeader(OptimizerState s, String type, int count) {
        if (!s.type().equals(type)) throw new IllegalArgumentException(type + ".loadStateDict: state is for " + s.type() + ", not " + type);
        long n = parseLong(s, "param_count");
        if (n != count)
            throw new IllegalArgumentException(type + ".loadStateDict: state has " + n + " parameters, this optimizer has " + count);
    }

    /** Checks that a saved hyperparameter equals ours (only the learning rate may change on resume). */
    static void checkSame(OptimizerState s, String key, String ours) {
        String saved = s.value(key);
        if (!saved.equals(ours))
            throw new IllegalArgumentException(s.type() + ".loadStateDict: saved " + key + " = " + saved + " but this optimizer has "
                    + ours + "; construct it with the saved setting");
    }

    static long parseLong(OptimizerState s, String key) {
        String v = s.value(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.type() + " state: value '" + key + "' = '" + v + "' is not an integer");
        }
    }

    static double parseDouble(OptimizerState s, String key) {
        String v = s.value(key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.type() + " state: value '" + key + "' = '" + v + "' is not a number");
        }
    }

    /** Puts the step counts under {@code state.<i>.step}. */
    static void putSteps(Map<String, String> values, long[] steps) {
        for (int i = 0; i < steps.length; i++) values.put("state." + i + ".step", Long.toString(steps[i]));
    }

    /** Reads the step counts saved by {@link #putSteps}. */
    static long[] steps(OptimizerState s, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = parseLong(s, "state." + i + ".step");
            if (out[i] < 0) throw new IllegalArgumentException(s.type() + " state: 'state." + i + ".step' is negative");
        }
        return out;
    }
}
