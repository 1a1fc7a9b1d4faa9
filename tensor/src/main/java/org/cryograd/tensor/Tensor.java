package org.cryograd.tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.cryograd.tensor.spi.Backend;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.Storage;
import org.cryograd.tensor.spi.UnaryOp;

/**
 * A dense, row-major, contiguous float32 tensor on a {@link Device}, with reverse-mode autograd.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
 * Tensor w = Tensor.randn(new Rng(0), 2, 2).requiresGrad();
 * Tensor loss = x.matmul(w).tanh().square().mean();
 * loss.backward();
 * float[] g = w.grad().toArray();
 * }</pre>
 *
 * <p>Tensors are always contiguous: {@link #reshape} shares storage, every other shape operation copies.
 * A tensor holds memory until {@link #close()}d, directly or by the {@link MemoryScope} it was created in.
 * Methods here cover elementwise math, reductions, shape manipulation and matrix products; convolution,
 * pooling, resampling, softmax, padding and indexing are in {@link F}.
 */
public final class Tensor implements AutoCloseable {
    private static final AtomicLong LIVE = new AtomicLong();

    private final Shape shape;
    private final Device device;
    private final StorageRef ref;
    private volatile boolean closed;
    boolean requiresGrad;
    Tensor grad;
    Node gradFn;
    MemoryScope scope;

    Tensor(Shape shape, Device device, StorageRef ref) {
        this.shape = shape;
        this.device = device;
        this.ref = ref;
        LIVE.incrementAndGet();
        MemoryScope.track(this);
    }

    // ---------------------------------------------------------------- creation

    static Tensor empty(Device device, Shape shape) {
        Backend b = device.backend();
        return new Tensor(shape, device, new StorageRef(b.allocate(shape.numel()), b));
    }

    /** A tensor holding a copy of {@code data} with the given shape, on the CPU. */
    public static Tensor of(float[] data, int... shape) {
        return of(Device.cpu(), data, shape);
    }

    /** A tensor holding a copy of {@code data} with the given shape, on {@code device}. */
    public static Tensor of(Device device, float[] data, int... shape) {
        Shape s = Shape.of(shape);
        if (s.numel() != data.length)
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape " + s + " (" + s.numel() + " elements)");
        Backend b = device.backend();
        return new Tensor(s, device, new StorageRef(b.upload(data, 0, data.length), b));
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(float v) {
        return of(new float[] {v});
    }

    /** Zeros on the CPU. */
    public static Tensor zeros(int... shape) {
        return zeros(Device.cpu(), shape);
    }

    /** Zeros on {@code device}. */
    public static Tensor zeros(Device device, int... shape) {
        return empty(device, Shape.of(shape));
    }

    /** Ones on the CPU. */
    public static Tensor ones(int... shape) {
        return full(Device.cpu(), 1f, shape);
    }

    /** A tensor filled with {@code value} on {@code device}. */
    public static Tensor full(Device device, float value, int... shape) {
        Tensor t = empty(device, Shape.of(shape));
        if (value != 0f) t.ref.backend.fill(t.ref.storage, 0, t.shape.numel(), value);
        return t;
    }

    /** Standard-normal samples on the CPU from a seeded stream. */
    public static Tensor randn(Rng rng, int... shape) {
        return randn(Device.cpu(), rng, shape);
    }

    /** Standard-normal samples on {@code device}; the same values as on the CPU for the same stream. */
    public static Tensor randn(Device device, Rng rng, int... shape) {
        return random(device, true, rng, shape);
    }

    /** Uniform samples in [0, 1) on the CPU. */
    public static Tensor rand(Rng rng, int... shape) {
        return rand(Device.cpu(), rng, shape);
    }

    /** Uniform samples in [0, 1) on {@code device}. */
    public static Tensor rand(Device device, Rng rng, int... shape) {
        return random(device, false, rng, shape);
    }

    private static Tensor random(Device device, boolean normal, Rng rng, int... shape) {
        Tensor t = empty(device, Shape.of(shape));
        long n = t.shape.numel();
        t.ref.backend.random(normal, rng.seed(), rng.advance(n), t.ref.storage, n);
        return t;
    }

    /** Uniform integers in {@code [low, high)} (as floats) on the CPU. */
    public static Tensor randint(Rng rng, int low, int high, int... shape) {
        return randint(Device.cpu(), rng, low, high, shape);
    }

    /** Uniform integers in {@code [low, high)} (as floats) on {@code device}; exact for ranges up to 2^24. */
    public static Tensor randint(Device device, Rng rng, int low, int high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: empty range [" + low + ", " + high + ")");
        Shape s = Shape.of(shape);
        float[] u = new float[s.numelInt()];
        Philox.fill(false, rng.seed(), rng.advance(u.length), u, 0, u.length);
        long span = (long) high - low;
        for (int i = 0; i < u.length; i++) u[i] = (float) (low + Math.min(span - 1, (long) Math.floor(u[i] * (double) span)));
        return of(device, u, shape);
    }

    /** A random permutation of {@code 0..n-1} (as floats) on the CPU. */
    public static Tensor permutation(Rng rng, int n) {
        return permutation(Device.cpu(), rng, n);
    }

    /** A random permutation of {@code 0..n-1} (as floats): the indices sorted by Philox keys, ties by index. */
    public static Tensor permutation(Device device, Rng rng, int n) {
        if (n < 0) throw new IllegalArgumentException("permutation: negative size " + n);
        long base = rng.advance(4L * n);
        long[] keyed = new long[n];
        int[] w = new int[4];
        for (int i = 0; i < n; i++) {
            Philox.block(rng.seed(), base + i, w);
            keyed[i] = ((long) (w[0] >>> 1) << 32) | i; // 31-bit key, then the index: a strict total order
        }
        Arrays.sort(keyed);
        float[] p = new float[n];
        for (int i = 0; i < n; i++) p[i] = (float) (int) keyed[i];
        return of(device, p, n);
    }

    /** {@code 0, 1, ..., n-1} on the CPU. */
    public static Tensor arange(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return of(a, n);
    }

    // ---------------------------------------------------------------- state

    /** Number of tensors created and not yet closed, over all threads (for leak checks). */
    public static long liveCount() {
        return LIVE.get();
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** A copy of the dimension sizes. */
    public int[] dims() {
        return shape.dims();
    }

    /** Size of dimension {@code i} (negative counts from the end). */
    public int dim(int i) {
        return shape.dim(i);
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.rank();
    }

    /** Number of elements. */
    public long numel() {
        return shape.numel();
    }

    /** The device holding the data. */
    public Device device() {
        return device;
    }

    /** Whether gradients flow to this tensor (PyTorch's {@code requires_grad}). */
    public boolean needsGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor as a parameter that accumulates {@link #grad()} (PyTorch's {@code requires_grad_()}).
     *
     * @return this tensor
     */
    public Tensor requiresGrad() {
        return requiresGrad(true);
    }

    /**
     * Marks a leaf tensor as a parameter that accumulates {@link #grad()}.
     *
     * @return this tensor
     */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null && !on)
            throw new IllegalStateException("requiresGrad(false): tensor of shape " + shape + " is the result of '" + gradFn.op
                    + "'; use detach()");
        requiresGrad = on;
        return this;
    }

    /** Whether this tensor was created by the user rather than by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Name of the operation that produced this tensor, or null for a leaf. */
    public String gradFnName() {
        return gradFn == null ? null : gradFn.op;
    }

    /** The accumulated gradient (null before the first backward pass or after {@link #zeroGrad()}). */
    public Tensor grad() {
        return grad;
    }

    /** Closes and clears the accumulated gradient. */
    public void zeroGrad() {
        if (grad != null) grad.close();
        grad = null;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /** Releases the data (shared storage is released when its last tensor closes). Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        MemoryScope.untrack(this);
        LIVE.decrementAndGet();
        ref.release();
        if (grad != null) {
            grad.close();
            grad = null;
        }
        // gradFn stays: a closed intermediate can still pass gradients through the graph
    }

    Storage storage(String op) {
        if (closed) throw new IllegalStateException(op + ": tensor of shape " + shape + " on " + device + " is closed");
        return ref.storage;
    }

    Backend backend() {
        return ref.backend;
    }

    // ---------------------------------------------------------------- data access

    /** A host copy of all elements in row-major order. */
    public float[] toArray() {
        Storage s = storage("toArray");
        float[] out = new float[shape.numelInt()];
        ref.backend.download(s, 0, out, 0, out.length);
        return out;
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (shape.numel() != 1) throw new IllegalArgumentException("item: tensor of shape " + shape + " has " + shape.numel() + " elements, not 1");
        return toArray()[0];
    }

    /** A new tensor with the same data on {@code target} (this tensor itself if already there). Differentiable. */
    public Tensor to(Device target) {
        if (target.equals(device)) return this;
        float[] data = toArray();
        Tensor out = of(target, data, shape.dims());
        return Autograd.record("to", out, g -> new Tensor[] {g.to(device)}, this);
    }

    /** A new tensor sharing this one's data, not attached to the graph. */
    public Tensor detach() {
        return new Tensor(shape, device, ref.retain());
    }

    /** A tensor of the same shape sharing the data (a cheap alias); differentiable. */
    Tensor view() {
        storage("view");
        Tensor v = new Tensor(shape, device, ref.retain());
        return Autograd.record("view", v, g -> new Tensor[] {g}, this);
    }

    /** Same storage, new shape, no autograd. */
    Tensor reshapeShared(int[] dims) {
        storage("reshape");
        Shape s = Shape.of(dims);
        if (s.numel() != shape.numel()) throw new IllegalStateException("reshapeShared: " + shape + " -> " + s);
        return new Tensor(s, device, ref.retain());
    }

    /** A differentiable copy with its own storage. */
    public Tensor copy() {
        Tensor out = empty(device, shape);
        backend().copyStrided(storage("copy"), 0, shape.strides(), out.storage("copy"), 0, shape.strides(), shape.dims());
        return Autograd.record("copy", out, g -> new Tensor[] {g}, this);
    }

    // ---------------------------------------------------------------- in place (no autograd)

    private void checkInPlace(String op) {
        storage(op);
        if (Grad.isEnabled() && (requiresGrad || gradFn != null))
            throw new IllegalStateException(op + ": in-place update of a tensor of shape " + shape
                    + " that takes part in autograd; wrap it in Grad.disabled()");
    }

    /**
     * {@code this += alpha * other} in place ({@code other} broadcast to this shape). Not recorded.
     *
     * @return this tensor
     */
    public Tensor addInPlace(Tensor other, float alpha) {
        checkInPlace("addInPlace");
        Tensor o = alpha == 1f ? other : other.mul(alpha);
        Elementwise.binaryInto(BinaryOp.ADD, 0, 0, this, o, this, "addInPlace");
        if (o != other) o.close();
        return this;
    }

    /** {@code this *= s} in place. Not recorded. */
    public Tensor mulInPlace(float s) {
        checkInPlace("mulInPlace");
        backend().unary(UnaryOp.MUL_SCALAR, s, 0, storage("mulInPlace"), storage("mulInPlace"), numel());
        return this;
    }

    /** Copies {@code src} (same shape, any device) into this tensor. Not recorded. */
    public Tensor copyFrom(Tensor src) {
        checkInPlace("copyFrom");
        if (!src.shape.equals(shape))
            throw new IllegalArgumentException("copyFrom: source shape " + src.shape + " differs from destination shape " + shape);
        return copyInto(0, src, "copyFrom");
    }

    /**
     * Copies {@code src} {@code [n, d1, ...]} (any device) into rows {@code [row, row + n)} of this tensor
     * {@code [m, d1, ...]} along axis 0, leaving the other rows alone (a ring buffer's write). Not recorded.
     *
     * @return this tensor
     */
    public Tensor copyRowsFrom(int row, Tensor src) {
        checkInPlace("copyRowsFrom");
        int[] d = shape.dims(), s = src.shape.dims();
        if (d.length == 0 || s.length != d.length || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), Arrays.copyOfRange(d, 1, d.length)))
            throw new IllegalArgumentException("copyRowsFrom: source shape " + src.shape + " does not match destination shape " + shape
                    + " beyond axis 0");
        if (row < 0 || row + s[0] > d[0])
            throw new IllegalArgumentException("copyRowsFrom: rows [" + row + ", " + (row + s[0]) + ") outside [0, " + d[0] + ") of destination shape " + shape);
        return s[0] == 0 ? this : copyInto((long) row * shape.strides()[0], src, "copyRowsFrom");
    }

    /** Copies all of {@code src} (any device, contiguous) into this tensor's storage from element {@code offset}. */
    private Tensor copyInto(long offset, Tensor src, String op) {
        Tensor c = src.device.equals(device) ? src : src.detach().to(device);
        long[] strides = src.shape.strides();
        backend().copyStrided(c.storage(op), 0, strides, storage(op), offset, strides, src.shape.dims());
        if (c != src) c.close();
        return this;
    }

    /** Sets every element to {@code v}. Not recorded. */
    public Tensor fillInPlace(float v) {
        checkInPlace("fillInPlace");
        backend().fill(storage("fillInPlace"), 0, numel(), v);
        return this;
    }

    // ---------------------------------------------------------------- autograd

    /** Backpropagates from this scalar, accumulating into the {@link #grad()} of every leaf that requires it. */
    public void backward() {
        if (shape.numel() != 1)
            throw new IllegalArgumentException("backward: output of shape " + shape
                    + " is not a scalar; pass the gradient of the output to backward(Tensor)");
        checkBackward();
        Tensor seed = full(device, 1f, shape.dims());
        MemoryScope.untrack(seed);
        Autograd.backward(this, seed, true);
    }

    /** Backpropagates {@code gradient} (the gradient of some scalar with respect to this tensor). */
    public void backward(Tensor gradient) {
        if (!gradient.shape.equals(shape))
            throw new IllegalArgumentException("backward: gradient of shape " + gradient.shape + " for an output of shape " + shape);
        checkBackward();
        Autograd.backward(this, gradient, false);
    }

    private void checkBackward() {
        storage("backward");
        if (!requiresGrad)
            throw new IllegalStateException("backward: tensor of shape " + shape + " does not require grad (no input needed a gradient)");
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) { return Elementwise.binary(BinaryOp.ADD, "add", this, other); }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) { return Elementwise.binary(BinaryOp.SUB, "sub", this, other); }

    /** {@code this * other}, broadcasting. */
    public Tensor mul(Tensor other) { return Elementwise.binary(BinaryOp.MUL, "mul", this, other); }

    /** {@code this / other}, broadcasting. */
    public Tensor div(Tensor other) { return Elementwise.binary(BinaryOp.DIV, "div", this, other); }

    /** {@code this ^ other}, broadcasting. */
    public Tensor pow(Tensor other) { return Elementwise.binary(BinaryOp.POW, "pow", this, other); }

    /** Elementwise maximum, broadcasting (the gradient goes to the larger input). */
    public Tensor maximum(Tensor other) { return Elementwise.binary(BinaryOp.MAXIMUM, "maximum", this, other); }

    /** Elementwise minimum, broadcasting. */
    public Tensor minimum(Tensor other) { return Elementwise.binary(BinaryOp.MINIMUM, "minimum", this, other); }

    /** {@code this + s}. */
    public Tensor add(float s) { return Elementwise.unary(UnaryOp.ADD_SCALAR, s, 0, "add", this); }

    /** {@code this - s}. */
    public Tensor sub(float s) { return Elementwise.unary(UnaryOp.ADD_SCALAR, -s, 0, "sub", this); }

    /** {@code this * s}. */
    public Tensor mul(float s) { return Elementwise.unary(UnaryOp.MUL_SCALAR, s, 0, "mul", this); }

    /** {@code this / s} (true division). */
    public Tensor div(float s) { return Elementwise.divScalar(this, s); }

    /** {@code this ^ p}. */
    public Tensor pow(float p) { return Elementwise.unary(UnaryOp.POW_SCALAR, p, 0, "pow", this); }

    /** {@code -this}. */
    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, 0, 0, "neg", this); }

    /** e^this. */
    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, 0, 0, "exp", this); }

    /** Natural logarithm. */
    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, 0, 0, "log", this); }

    /** Square root. */
    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, 0, 0, "sqrt", this); }

    /** Absolute value (gradient sign(x), 0 at 0). */
    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, 0, 0, "abs", this); }

    /** Sine. */
    public Tensor sin() { return Elementwise.unary(UnaryOp.SIN, 0, 0, "sin", this); }

    /**
     * {@code sin(w0 * x)} as one op (SIREN's activation): one pass forward, one fused pass backward, and no
     * intermediate {@code w0 * x} tensor kept for the backward. Same values as {@code mul(w0).sin()}.
     */
    public Tensor sine(float w0) { return Elementwise.unary(UnaryOp.SINE, w0, 0, "sine", this); }

    /** Cosine. */
    public Tensor cos() { return Elementwise.unary(UnaryOp.COS, 0, 0, "cos", this); }

    /** Hyperbolic tangent. */
    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, 0, 0, "tanh", this); }

    /** Logistic sigmoid. */
    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, 0, 0, "sigmoid", this); }

    /** max(x, 0). */
    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, 0, 0, "relu", this); }

    /** x for x &gt; 0, else {@code slope * x}. */
    public Tensor leakyRelu(float slope) { return Elementwise.unary(UnaryOp.LEAKY_RELU, slope, 0, "leakyRelu", this); }

    /** Clamps into {@code [min, max]}; pass +-infinity for a missing bound. */
    public Tensor clamp(float min, float max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        return Elementwise.unary(UnaryOp.CLAMP, min, max, "clamp", this);
    }

    /** x * x. */
    public Tensor square() { return Elementwise.unary(UnaryOp.SQUARE, 0, 0, "square", this); }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (rank 0). */
    public Tensor sum() { return Reductions.sum(this, null, false); }

    /** Sum over {@code axes} (negative counts from the end). */
    public Tensor sum(int[] axes, boolean keepDim) { return Reductions.sum(this, axes, keepDim); }

    /** Sum over one axis. */
    public Tensor sum(int axis, boolean keepDim) { return Reductions.sum(this, new int[] {axis}, keepDim); }

    /** Mean of all elements (rank 0). */
    public Tensor mean() { return Reductions.mean(this, null, false); }

    /** Mean over {@code axes}. */
    public Tensor mean(int[] axes, boolean keepDim) { return Reductions.mean(this, axes, keepDim); }

    /** Maximum of all elements (gradient shared evenly among ties, like {@code torch.amax}). */
    public Tensor max() { return Reductions.max(this, null, false); }

    /** Maximum over {@code axes}. */
    public Tensor max(int[] axes, boolean keepDim) { return Reductions.max(this, axes, keepDim); }

    /** Variance of all elements with Bessel's correction (correction 1, as {@code torch.var}). */
    public Tensor var() { return Reductions.var(this, null, 1, false); }

    /** Variance over {@code axes}: sum of squared deviations divided by {@code count - correction}. */
    public Tensor var(int[] axes, int correction, boolean keepDim) { return Reductions.var(this, axes, correction, keepDim); }

    /** Standard deviation of all elements with Bessel's correction (as {@code torch.std}): the square root of {@link #var()}. */
    public Tensor std() { return Reductions.std(this, null, 1, false); }

    /** Standard deviation over {@code axes}: the square root of {@link #var(int[], int, boolean)}. */
    public Tensor std(int[] axes, int correction, boolean keepDim) { return Reductions.std(this, axes, correction, keepDim); }

    // ---------------------------------------------------------------- products and shapes

    /** Matrix product with {@code torch.matmul} semantics: 1-D operands, batched and broadcast batch dimensions. */
    public Tensor matmul(Tensor other) { return Linalg.matmul(this, other); }

    /** Same data, new shape (one size may be -1); shares storage. */
    public Tensor reshape(int... newShape) { return Shapes.reshape(this, newShape); }

    /** Reorders dimensions: {@code out.dim(i) = this.dim(order[i])}. Copies. */
    public Tensor permute(int... order) { return Shapes.permute(this, order); }

    /** Swaps two dimensions. Copies. */
    public Tensor transpose(int a, int b) { return Shapes.transpose(this, a, b); }

    /** Elements {@code start, start+step, ... < end} along {@code axis}. Copies. */
    public Tensor slice(int axis, int start, int end, int step) { return Shapes.slice(this, axis, start, end, step); }

    /** Elements {@code [start, end)} along {@code axis}. Copies. */
    public Tensor slice(int axis, int start, int end) { return Shapes.slice(this, axis, start, end, 1); }

    /** Reverses the order along each of {@code axes}. */
    public Tensor flip(int... axes) { return Shapes.flip(this, axes); }

    /** Rotates elements by {@code shifts[i]} along {@code axes[i]} (as {@code torch.roll}). */
    public Tensor roll(int[] shifts, int[] axes) { return Shapes.roll(this, shifts, axes); }

    /** Broadcasts to a larger shape (materialised). */
    public Tensor expand(int... newShape) { return Shapes.expand(this, Shape.of(newShape)); }

    /** Inserts a dimension of size 1 at {@code axis}. */
    public Tensor unsqueeze(int axis) { return Shapes.unsqueeze(this, axis); }

    /** Removes dimension {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) { return Shapes.squeeze(this, axis); }

    /** Concatenates along {@code axis}. */
    public static Tensor cat(int axis, Tensor... parts) { return Shapes.cat(axis, parts); }

    /** Stacks equal-shaped tensors along a new {@code axis}. */
    public static Tensor stack(int axis, Tensor... parts) { return Shapes.stack(axis, parts); }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Tensor").append(shape).append(" on ").append(device);
        if (gradFn != null) b.append(", grad_fn=").append(gradFn.op);
        else if (requiresGrad) b.append(", requires_grad");
        if (closed) return b.append(", closed").toString();
        if (numel() <= 16) b.append(' ').append(Arrays.toString(toArray()));
        return b.toString();
    }
}
