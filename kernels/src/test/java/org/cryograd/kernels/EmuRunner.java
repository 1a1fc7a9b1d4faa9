package org.cryograd.kernels;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.spi.Storage;

/**
 * A {@link KernelRunner} that records launches and replays them in the kernel emulator ({@link Emulator}) when a
 * result is read. Buffers live on the host; the emulator checks every argument's type against the kernel's
 * signature, so a wrongly packed argument fails here instead of corrupting memory on a GPU.
 */
final class EmuRunner implements KernelRunner {
    /** A host buffer standing in for device memory. */
    static final class Buf implements Storage {
        final int id;
        final boolean ints;
        float[] f;
        int[] i;

        Buf(int id, float[] f, int[] i) {
            this.id = id;
            this.ints = i != null;
            this.f = f;
            this.i = i;
        }

        @Override
        public long size() {
            return ints ? i.length : f.length;
        }
    }

    private final List<Buf> buffers = new ArrayList<>();
    private final ByteArrayOutputStream ops = new ByteArrayOutputStream();
    private int pending;
    private int launches, frees;
    private final int multiprocessors;

    /** A runner that reports {@code multiprocessors} SMs (small values keep emulated grids small). */
    EmuRunner(int multiprocessors) {
        this.multiprocessors = multiprocessors;
    }

    @Override
    public int computeCapability() {
        return 90; // the emulator models TF32 wmma, so the sm_90-only variants run too
    }

    @Override
    public int multiprocessors() {
        return multiprocessors;
    }

    /** A buffer holding a copy of {@code data}. */
    Buf floats(float[] data) {
        Buf b = new Buf(buffers.size(), data.clone(), null);
        buffers.add(b);
        return b;
    }

    /** The current contents of {@code s}, after replaying every recorded launch. */
    float[] read(Storage s) {
        flush();
        return ((Buf) s).f.clone();
    }

    /** Kernel launches recorded so far. */
    int launches() {
        return launches;
    }

    /** Handles freed so far. */
    int frees() {
        return frees;
    }

    @Override
    public void launch(String module, String kernel, Grid g, Object... args) {
        ByteBuffer b = le(64 + kernel.length() + 16 * args.length);
        b.putInt(0).putInt(kernel.length()).put(kernel.getBytes(StandardCharsets.US_ASCII));
        b.putInt(g.gx()).putInt(g.gy()).putInt(g.gz()).putInt(g.bx()).putInt(g.by()).putInt(g.bz()).putInt(args.length);
        for (Object a : args) {
            if (a instanceof Ptr p) {
                if (p.base() == null) b.putInt(1);
                else b.putInt(0).putInt(((Buf) p.base()).id).putLong(p.offset());
            } else if (a instanceof Integer v) {
                b.putInt(2).putInt(v);
            } else if (a instanceof Long v) {
                b.putInt(3).putLong(v);
            } else if (a instanceof Float v) {
                b.putInt(4).putFloat(v);
            } else {
                throw new IllegalArgumentException("kernel " + kernel + ": unsupported argument " + a);
            }
        }
        ops.write(b.array(), 0, b.position());
        pending++;
        launches++;
    }

    @Override
    public void zero(Storage s, long offset, long n) {
        ByteBuffer b = le(24).putInt(1).putInt(((Buf) s).id).putLong(offset).putLong(n);
        ops.write(b.array(), 0, b.position());
        pending++;
    }

    @Override
    public Object upload(int[] data) {
        Buf b = new Buf(buffers.size(), null, data.clone());
        buffers.add(b);
        return b;
    }

    @Override
    public Object upload(float[] data) {
        return floats(data);
    }

    @Override
    public void free(Object handle) {
        frees++;
    }

    /** Replays the recorded operations in the emulator and takes back every buffer. */
    void flush() {
        if (pending == 0) return;
        try {
            Path dir = Files.createTempDirectory("cuemu");
            Path script = dir.resolve("script.bin"), out = dir.resolve("out.bin");
            long bytes = 12 + ops.size();
            for (Buf b : buffers) bytes += 12 + 4 * b.size();
            ByteBuffer s = le((int) bytes);
            s.putInt(0x43454D55).putInt(buffers.size());
            for (Buf b : buffers) {
                s.putInt(b.ints ? 1 : 0).putLong(b.size());
                if (b.ints) for (int v : b.i) s.putInt(v);
                else for (float v : b.f) s.putFloat(v);
            }
            s.putInt(pending).put(ops.toByteArray());
            Files.write(script, s.array());
            Emulator.run(null, Emulator.binary().toString(), script.toString(), out.toString());
            ByteBuffer r = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            for (Buf b : buffers) {
                if (b.ints) for (int k = 0; k < b.i.length; k++) b.i[k] = r.getInt();
                else for (int k = 0; k < b.f.length; k++) b.f[k] = r.getFloat();
            }
            Files.delete(script);
            Files.delete(out);
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ops.reset();
        pending = 0;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
