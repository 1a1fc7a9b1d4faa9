package org.cryograd.tensor;

import java.util.Arrays;

/**
 * A constant sparse matrix in compressed-sparse-row form, used as a linear operator on dense tensors
 * (projectors, polar resampling). Immutable after construction; backends may cache a device copy.
 *
 * @param rows   number of rows
 * @param cols   number of columns
 * @param rowPtr {@code rows + 1} offsets into {@code colIdx}/{@code values}, non-decreasing
 * @param colIdx column of each stored entry
 * @param values value of each stored entry
 */
public record SparseCsr(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
    /** Validates the structure, naming the first inconsistency. */
    public SparseCsr {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("SparseCsr: negative size " + rows + "x" + cols);
        if (rowPtr.length != rows + 1)
            throw new IllegalArgumentException("SparseCsr: rowPtr has " + rowPtr.length + " entries, expected rows + 1 = " + (rows + 1));
        if (colIdx.length != values.length)
            throw new IllegalArgumentException("SparseCsr: colIdx has " + colIdx.length + " entries but values has " + values.length);
        if (rowPtr[0] != 0 || rowPtr[rows] != values.length)
            throw new IllegalArgumentException("SparseCsr: rowPtr must start at 0 and end at nnz = " + values.length);
        for (int r = 0; r < rows; r++)
            if (rowPtr[r + 1] < rowPtr[r]) throw new IllegalArgumentException("SparseCsr: rowPtr decreases at row " + r);
        for (int i = 0; i < colIdx.length; i++)
            if (colIdx[i] < 0 || colIdx[i] >= cols)
                throw new IllegalArgumentException("SparseCsr: column index " + colIdx[i] + " at entry " + i + " outside [0, " + cols + ")");
    }

    /** Number of stored entries. */
    public int nnz() {
        return values.length;
    }

    /**
     * Builds the transpose (CSR of {@code A^T}); backends use it to run {@code A^T x} as a race-free row gather.
     */
    public SparseCsr transpose() {
        int[] ptr = new int[cols + 1];
        for (int c : colIdx) ptr[c + 1]++;
        for (int c = 0; c < cols; c++) ptr[c + 1] += ptr[c];
        int[] next = Arrays.copyOf(ptr, cols);
        int[] ci = new int[values.length];
        float[] v = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                int dst = next[colIdx[p]]++;
                ci[dst] = r;
                v[dst] = values[p];
            }
        }
        return new SparseCsr(cols, rows, ptr, ci, v);
    }

    @Override
    public String toString() {
        return "SparseCsr[" + rows + "x" + cols + ", nnz=" + nnz() + "]";
    }
}
