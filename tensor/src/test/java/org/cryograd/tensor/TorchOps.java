package org.cryograd.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cryograd.tensor.PadMode;
import org.cryograd.tensor.testing.Cgfx;

/** Maps a fixture case's op name and parameters onto the cryograd API. */
final class TorchOps {
    private TorchOps() {}

    static int[] dimsOr(Cgfx.Case c, String key) {
        return c.has(key) ? c.ints(key) : null;
    }

    static Tensor apply(Cgfx.Case c, Map<String, Tensor> in) {
        Tensor x = in.get("x"), y = in.get("y");
        String op = c.op();
        switch (op) {
            case "neg": return x.neg();
            case "exp": return x.exp();
            case "log": return x.log();
            case "sqrt": return x.sqrt();
            case "abs": return x.abs();
            case "sin", "sin_wide": return x.sin();
            case "cos", "cos_wide": return x.cos();
            case "sine30": return x.sine(30f);
            case "tanh": return x.tanh();
            case "sigmoid": return x.sigmoid();
            case "relu": return x.relu();
            case "square": return x.square();
            case "leaky_relu": return x.leakyRelu((float) c.real("slope"));
            case "clamp":
                return x.clamp(c.has("min") ? (float) c.real("min") : Float.NEGATIVE_INFINITY, c.has("max") ? (float) c.real("max") : Float.POSITIVE_INFINITY);
            case "pow_scalar": return x.pow((float) c.real("exponent"));
            case "add": return x.add(y);
            case "sub": return x.sub(y);
            case "mul": return x.mul(y);
            case "div": return x.div(y);
            case "pow": return x.pow(y);
            case "maximum": return x.maximum(y);
            case "minimum": return x.minimum(y);
            case "sum": return x.sum(dimsOr(c, "dims"), c.integer("keepdim") == 1);
            case "mean": return x.mean(dimsOr(c, "dims"), c.integer("keepdim") == 1);
            case "max": return x.max(dimsOr(c, "dims"), c.integer("keepdim") == 1);
            case "var": return x.var(dimsOr(c, "dims"), c.integer("correction"), c.integer("keepdim") == 1);
            case "matmul": return x.matmul(y);
            case "reshape": return x.reshape(c.ints("shape"));
            case "permute": return x.permute(c.ints("dims"));
            case "transpose": return x.transpose(c.integer("dim0"), c.integer("dim1"));
            case "slice": return x.slice(c.integer("dim"), c.integer("start"), c.integer("end"), c.integer("step"));
            case "pad": return F.pad(x, mode(c), c.ints("pad"));
            case "cat": return Tensor.cat(c.integer("dim"), parts(in));
            case "stack": return Tensor.stack(c.integer("dim"), parts(in));
            case "flip": return x.flip(c.ints("dims"));
            case "roll": return x.roll(c.ints("shifts"), c.ints("dims"));
            case "conv1d": case "conv2d": case "conv3d": {
                int d = op.charAt(4) - '0';
                return ConvOps.conv(d, x, in.get("w"), in.get("b"), c.ints("stride"), c.ints("padding"), c.integer("groups"), mode(c));
            }
            case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d": {
                int d = op.charAt(14) - '0';
                return ConvOps.convTranspose(d, x, in.get("w"), in.get("b"), c.ints("stride"), c.ints("padding"), c.ints("output_padding"),
                        c.integer("groups"));
            }
            case "max_pool1d": case "max_pool2d": case "max_pool3d":
                return F.maxPool(op.charAt(8) - '0', x, c.ints("kernel"), c.ints("stride"), c.ints("padding"));
            case "avg_pool1d": case "avg_pool2d": case "avg_pool3d":
                return F.avgPool(op.charAt(8) - '0', x, c.ints("kernel"), c.ints("stride"), c.ints("padding"), true);
            case "upsample":
                return c.params().get("mode").equals("nearest") ? F.upsampleNearest(x, c.ints("size"))
                        : F.upsampleLinear(x, c.integer("align_corners") == 1, c.ints("size"));
            case "softmax": return F.softmax(x, c.integer("dim"));
            case "log_softmax": return F.logSoftmax(x, c.integer("dim"));
            case "standardize": return F.standardize(x, c.integer("from_axis"), (float) c.real("eps"));
            case "gather": return F.gather(x, c.integer("dim"), in.get("index"));
            case "scatter_add": return F.scatterAdd(x, c.integer("dim"), in.get("index"), in.get("src"));
            case "spmm": return F.spmm(csr(c, in), x);
            case "spmm_t": return F.spmmT(csr(c, in), x);
            default: throw new IllegalArgumentException("fixture op not mapped: " + op);
        }
    }

    static PadMode mode(Cgfx.Case c) {
        String m = c.params().getOrDefault("mode", "zeros");
        return switch (m) {
            case "zeros", "constant" -> PadMode.ZERO;
            case "circular" -> PadMode.CIRCULAR;
            default -> throw new IllegalArgumentException(c.id() + ": unknown mode " + m);
        };
    }

    private static Tensor[] parts(Map<String, Tensor> in) {
        List<Tensor> p = new ArrayList<>();
        for (int i = 0; in.containsKey("x" + i); i++) p.add(in.get("x" + i));
        return p.toArray(new Tensor[0]);
    }

    static SparseCsr csr(Cgfx.Case c, Map<String, Tensor> in) {
        float[] rp = in.get("rowptr").toArray(), ci = in.get("colidx").toArray();
        int[] rowPtr = new int[rp.length], colIdx = new int[ci.length];
        for (int i = 0; i < rp.length; i++) rowPtr[i] = (int) rp[i];
        for (int i = 0; i < ci.length; i++) colIdx[i] = (int) ci[i];
        return new SparseCsr(c.integer("rows"), c.integer("cols"), rowPtr, colIdx, in.get("values").toArray());
    }
}
