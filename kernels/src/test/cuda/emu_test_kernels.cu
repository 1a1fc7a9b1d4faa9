// Kernels that exist only to test the emulator itself (EmulatorBarrierTest): emu_core.cpp includes this file after the
// production sources, so KernelEmulator registers them like any other kernel. None of them is ever built for a GPU.

// Control: every thread reaches the same barriers, so each block's threads see each other's writes.
extern "C" __global__ void emu_test_uniform_syncthreads(float* out) {
    __shared__ float s[1024];
    const int t = threadIdx.x, n = blockDim.x;
    s[t] = (float)(blockIdx.x * n + t);
    __syncthreads();
    out[blockIdx.x * n + t] = s[n - 1 - t];
}

// Only the first half of each block reaches the __syncthreads; the rest finish the kernel (undefined on a GPU).
extern "C" __global__ void emu_test_divergent_syncthreads(float* out) {
    if (threadIdx.x < blockDim.x / 2) __syncthreads();
    out[blockIdx.x * blockDim.x + threadIdx.x] = 1.0f;
}

// Half of the first warp waits at __syncwarp for lanes that never come: the block can never complete.
extern "C" __global__ void emu_test_hung_syncwarp(float* out) {
    if (threadIdx.x < 16) __syncwarp();
    out[blockIdx.x * blockDim.x + threadIdx.x] = 2.0f;
}
