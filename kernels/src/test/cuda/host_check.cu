// Host build of the device math that must equal the CPU backend (DeviceMathOnHostTest compiles and runs this when
// nvcc is on the PATH): the same __host__ __device__ functions the kernels inline, evaluated on the CPU.
// Usage: host_check MODE IN OUT [ARGS]; IN/OUT are little-endian binary files.
//   unary OP P0BITS P1BITS    floats x[n]              -> op(x) (cg_unary)
//   binary OP P0BITS P1BITS   floats a[n] then b[n]    -> op(a, b) (cg_binary)
//   uniform|normal SEED COUNTER N  (IN unused)         -> the Philox stream of N floats
//   log|sin|cos               doubles                  -> fdlibm port
//   offsets N                 a packed Dims8           -> for i < N: offsets in s0 and s1 (int64 pairs); exits 3
//                                                         when the 32-bit and 64-bit index paths disagree
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vector>
#include "ops.cuh"
#include "philox.cuh"

static std::vector<char> slurp(const char* path) {
    std::vector<char> b;
    FILE* f = fopen(path, "rb");
    if (!f) return b;
    char buf[65536];
    size_t r;
    while ((r = fread(buf, 1, sizeof buf, f)) > 0) b.insert(b.end(), buf, buf + r);
    fclose(f);
    return b;
}

static void dump(const char* path, const void* p, size_t bytes) {
    FILE* f = fopen(path, "wb");
    if (!f || fwrite(p, 1, bytes, f) != bytes) exit(2);
    fclose(f);
}

static float bits(const char* hex) {
    uint32_t u = (uint32_t)strtoul(hex, 0, 16);
    float v;
    memcpy(&v, &u, 4);
    return v;
}

int main(int argc, char** argv) {
    if (argc < 4) return 1;
    const char* mode = argv[1];
    std::vector<char> in = slurp(argv[2]);
    if (!strcmp(mode, "unary") || !strcmp(mode, "binary")) {
        int op = atoi(argv[4]);
        float p0 = bits(argv[5]), p1 = bits(argv[6]);
        bool unary = !strcmp(mode, "unary");
        size_t n = in.size() / 4 / (unary ? 1 : 2);
        const float* x = (const float*)in.data();
        std::vector<float> y(n);
        for (size_t i = 0; i < n; i++) {
            if (unary) {
                CG_UNARY_DISPATCH(op, y[i] = cg_unary<OP_>(x[i], p0, p1))
            } else {
                CG_BINARY_DISPATCH(op, y[i] = cg_binary<OP_>(x[i], x[n + i], p0, p1))
            }
        }
        dump(argv[3], y.data(), n * 4);
    } else if (!strcmp(mode, "uniform") || !strcmp(mode, "normal")) {
        uint64_t seed = (uint64_t)strtoll(argv[4], 0, 10), counter = (uint64_t)strtoll(argv[5], 0, 10);
        long long n = strtoll(argv[6], 0, 10);
        bool normal = !strcmp(mode, "normal");
        std::vector<float> y((size_t)n);
        for (long long b = 0; 4 * b < n; b++) {
            uint32_t w[4];
            cg_philox_block(seed, counter + (uint64_t)b, w);
            float v[4];
            if (normal) {
                cg_box_muller(w[0], w[1], v[0], v[1]);
                cg_box_muller(w[2], w[3], v[2], v[3]);
            } else {
                for (int j = 0; j < 4; j++) v[j] = cg_uniform(w[j]);
            }
            for (int j = 0; j < 4 && 4 * b + j < n; j++) y[4 * b + j] = v[j];
        }
        dump(argv[3], y.data(), (size_t)n * 4);
    } else if (!strcmp(mode, "log") || !strcmp(mode, "sin") || !strcmp(mode, "cos")) {
        size_t n = in.size() / 8;
        const double* x = (const double*)in.data();
        std::vector<double> y(n);
        for (size_t i = 0; i < n; i++)
            y[i] = mode[0] == 'l' ? fdlibm_log(x[i]) : mode[0] == 's' ? fdlibm_sin(x[i]) : fdlibm_cos(x[i]);
        dump(argv[3], y.data(), n * 8);
    } else if (!strcmp(mode, "offsets")) {
        if (in.size() != sizeof(Dims8)) return 4;
        Dims8 d;
        memcpy(&d, in.data(), sizeof d);
        long long n = strtoll(argv[4], 0, 10);
        std::vector<long long> y((size_t)(2 * n));
        for (long long i = 0; i < n; i++) {
            long long a, b, a32, b32;
            cg_offsets<long long>(d, i, a, b);
            cg_offsets<int>(d, (int)i, a32, b32);
            if (a != a32 || b != b32) return 3;
            y[2 * i] = a;
            y[2 * i + 1] = b;
        }
        dump(argv[3], y.data(), y.size() * 8);
    } else {
        return 1;
    }
    return 0;
}
