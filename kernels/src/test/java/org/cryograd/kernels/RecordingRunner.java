package org.cryograd.kernels;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.spi.Storage;

/** A {@link KernelRunner} that only records what the launchers ask for (host-side planning tests). */
final class RecordingRunner implements KernelRunner {
    /** One recorded launch. */
    record Launch(String module, String kernel, Grid grid, Object[] args) {}

    /** One recorded zeroing. */
    record Zero(Storage s, long offset, long n) {}

    /** A storage of a given size that holds nothing. */
    record Sized(long size) implements Storage {}

    final List<Launch> launches = new ArrayList<>();
    final List<Zero> zeros = new ArrayList<>();
    final List<Object> uploads = new ArrayList<>();
    final List<Object> freed = new ArrayList<>();
    private final int cc, sms;

    RecordingRunner(int computeCapability, int multiprocessors) {
        this.cc = computeCapability;
        this.sms = multiprocessors;
    }

    @Override
    public int computeCapability() {
        return cc;
    }

    @Override
    public int multiprocessors() {
        return sms;
    }

    @Override
    public void launch(String module, String kernel, Grid grid, Object... args) {
        launches.add(new Launch(module, kernel, grid, args));
    }

    @Override
    public void zero(Storage s, long offset, long n) {
        zeros.add(new Zero(s, offset, n));
    }

    @Override
    public Object upload(int[] data) {
        Object h = new Object();
        uploads.add(h);
        return h;
    }

    @Override
    public Object upload(float[] data) {
        return upload(new int[0]);
    }

    @Override
    public void free(Object handle) {
        freed.add(handle);
    }
}
