package org.cryograd.bench;

import java.lang.management.ManagementFactory;
import org.cryograd.coordnet.CnConfig;
import org.cryograd.coordnet.CoordNetReconstructor;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.em.phantom.PhantomKind;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.em.recon.Sirt;
import org.cryograd.em.recon.SirtOptions;
import org.cryograd.em.recon.Wbp;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * How reconstruction time scales with volume size and number of views: WBP and SIRT
 * timed whole, CN per step from a short run of {@link CnConfig#demo()}'s network, times the demo's step count.
 * Prints CSV. {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.cryograd.bench.CoordNetScaling}
 */
public final class CoordNetScaling {
    private CoordNetScaling() {}

  static double cpu() { return ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()/1e9; }
  /** Entry point (no arguments). */
  public static void main(String[] a) {
    int[][] cases={{32,32,16,61},{64,64,32,61},{128,128,64,61},{64,64,32,31},{64,64,32,121}};
    System.out.println("nx,ny,nz,views,wbp_s,wbp_cpu,sirt_s,sirt_cpu,cn_step_s,cn_step_cpu,cn_steps_demo,cn_est_s");
    for (int[] c: cases) {
      int nx=c[0],ny=c[1],nz=c[2],v=c[3];
      Tensor truth=Phantoms.make(PhantomKind.SPHERES,new Rng(1),nx,ny,nz);
      double step=120.0/(v-1);
      TiltGeometry g=TiltGeometry.range(-60,60,step,TiltAxis.Y); Projector p=new Projector(g,nx,nz);
      Tensor tilts=TiltSimulation.project(p,truth);
      Wbp.reconstruct(p,tilts); // warm
      double t0=System.nanoTime()/1e9, c0=cpu(); Wbp.reconstruct(p,tilts); double wt=System.nanoTime()/1e9-t0, wc=cpu()-c0;
      t0=System.nanoTime()/1e9; c0=cpu(); Sirt.reconstruct(p,tilts,SirtOptions.defaults()); double st=System.nanoTime()/1e9-t0, sc=cpu()-c0;
      CnConfig cfg=CnConfig.demo(); int chunks=(ny+cfg.slicesPerChunk()-1)/cfg.slicesPerChunk();
      int first=30, other=10; CnConfig small=cfg.withIterations(first,other);
      new CoordNetReconstructor(small.withIterations(10,2)).reconstruct(p,tilts); // warm
      t0=System.nanoTime()/1e9; c0=cpu(); new CoordNetReconstructor(small).reconstruct(p,tilts); double ct=System.nanoTime()/1e9-t0, cc=cpu()-c0;
      long steps=first+(long)(chunks-1)*other; long demoSteps=cfg.firstChunkIterations()+(long)(chunks-1)*cfg.chunkIterations();
      System.out.printf("%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.4f,%.4f,%d,%.0f%n",nx,ny,nz,v,wt,wc,st,sc,ct/steps,cc/steps,demoSteps,ct/steps*demoSteps);
    }
  }
}
