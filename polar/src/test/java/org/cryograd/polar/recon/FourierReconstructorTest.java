package org.cryograd.polar.recon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.fft.Ctf;
import org.cryograd.fft.Fsc;
import org.cryograd.fft.FscCurve;
import org.cryograd.polar.sim.ParticleSets;
import org.cryograd.polar.sim.ParticleSimulator;
import org.cryograd.polar.sim.Setting;
import org.cryograd.polar.sim.SimulationOptions;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FourierReconstructorTest {
    static final SimulationOptions O = SimulationOptions.defaults(16, Setting.DIRECTIONAL, 60, 8, 1, 21).withClasses(1).withMaxShift(2);

    @Test
    void noiseFreeProjectionsReconstructTheTrueVolume() {
        ParticleSets p = ParticleSimulator.simulate(O);
        Tensor truth = ParticleSimulator.molecule(O, 0).volume(16);
        Tensor vol = FourierReconstructor.reconstruct(p.projections(), p.rotations(), p.shifts(), new Ctf[p.count()], O.pixelSize(), 1e-3);
        FscCurve f = Fsc.compute(truth, vol, O.pixelSize());
        for (int s = 1; s <= 6; s++) assertTrue(f.fsc()[s] > 0.95, "shell " + s + " FSC " + f.fsc()[s]);
        // a wrong orientation convention (R instead of R^T) must fail the same check
        double[][] wrong = new double[p.count()][];
        for (int i = 0; i < wrong.length; i++) {
            double[] r = p.rotations()[i];
            wrong[i] = new double[] {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]};
        }
        FscCurve g = Fsc.compute(truth, FourierReconstructor.reconstruct(p.projections(), wrong, p.shifts(), new Ctf[p.count()], O.pixelSize(), 1e-3),
                O.pixelSize());
        assertTrue(g.fsc()[4] < 0.9, "transposed rotations gave " + g.fsc()[4]);
    }

    @Test
    void ctfModulatedImagesReconstructWithCtfWeighting() {
        ParticleSets p = ParticleSimulator.simulate(O);
        Tensor truth = ParticleSimulator.molecule(O, 0).volume(16);
        Ctf[] ctfs = new Ctf[p.count()];
        for (int i = 0; i < ctfs.length; i++) ctfs[i] = p.ctf(i);
        FscCurve f = Fsc.compute(truth, FourierReconstructor.reconstruct(p.clean(), p.rotations(), p.shifts(), ctfs, O.pixelSize(), 0.01), O.pixelSize());
        for (int s = 1; s <= 5; s++) assertTrue(f.fsc()[s] > 0.9, "shell " + s + " FSC " + f.fsc()[s]);
        // ignoring the known shifts loses the high-frequency agreement
        double[][] zero = new double[p.count()][2];
        FscCurve g = Fsc.compute(truth, FourierReconstructor.reconstruct(p.clean(), p.rotations(), zero, ctfs, O.pixelSize(), 0.01), O.pixelSize());
        assertTrue(g.fsc()[5] < f.fsc()[5] - 0.05, "shifts ignored: " + g.fsc()[5] + " vs " + f.fsc()[5]);
    }
}
