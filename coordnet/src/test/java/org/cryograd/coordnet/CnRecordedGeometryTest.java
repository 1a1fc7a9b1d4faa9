package org.cryograd.coordnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.StackAlignment;
import org.cryograd.em.geometry.TiltSeriesGeometry;
import org.cryograd.em.geometry.ViewGeometry;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The coordinate network trains on the recorded stack brought into the projector's frame (aligned, excluded views dropped). */
class CnRecordedGeometryTest {
    @Test
    void targetIsTheAlignedStackOfTheIncludedViews() {
        int n = 16;
        List<ViewGeometry> v = new ArrayList<>();
        for (int i = 0; i < 5; i++) v.add(ViewGeometry.ideal(-30 + 15 * i).withAlignment(80 + i, 1, 1.5 * i, -i));
        TiltSeriesGeometry g = new TiltSeriesGeometry(v, 5.0).withExcluded(2);
        Projector p = new Projector(g, n, 8);
        Tensor raw = Tensor.randn(new Rng(1), 5, n, n);
        CnProblem pb = new CnProblem(p, raw, 0);
        assertEquals(4, pb.views);
        float[] aligned = StackAlignment.align(raw, g).toArray();
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float x : aligned) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        float[] expect = new float[aligned.length];
        for (int i = 0; i < expect.length; i++) expect[i] = aligned[i] / (hi - lo);
        assertArrayEquals(expect, pb.target.toArray());
    }
}
