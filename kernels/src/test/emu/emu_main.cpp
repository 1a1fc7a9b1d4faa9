// Replays a launch script written by the Java tests (EmuRunner) on the emulated kernels and writes the buffers back.
// Script (little-endian): int magic 0x43454D55, int buffers, per buffer {int type (0 float, 1 int), long count, data},
// int ops, per op {int kind: 0 launch {int nameLen, name, int grid[3], int block[3], int args, per arg {int tag:
// 0 pointer {int buffer, long offset} | 1 null | 2 int {int} | 3 long {long} | 4 float {float}}} | 1 zero {int buffer,
// long offset, long count}}. Output: the buffers' data in order. Usage: cuemu SCRIPT OUT
#include "cuda_emu.h"

#include "gemm.cu"
#include "conv.cu"
#include "pool.cu"
#include "upsample.cu"
#include "spmm.cu"

#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

thread_local dim3 threadIdx, blockIdx;
dim3 blockDim, gridDim;

static std::barrier<>* g_block = nullptr;
static std::atomic<bool> g_synced{false};
static std::vector<std::barrier<>*> g_warps;
static float g_shfl[32][32];

void emu_syncthreads() {
    g_synced.store(true, std::memory_order_relaxed);
    g_block->arrive_and_wait();
}

void emu_syncwarp() {
    const int t = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
    g_warps[t / 32]->arrive_and_wait();
}

float emu_shfl_down(float v, int offset) {
    const int t = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
    const int w = t / 32, lane = t % 32;
    g_shfl[w][lane] = v;
    g_warps[w]->arrive_and_wait();
    const float r = lane + offset < 32 ? g_shfl[w][lane + offset] : v;
    g_warps[w]->arrive_and_wait();
    return r;
}

[[noreturn]] static void die(const std::string& m) {
    std::fprintf(stderr, "emu: %s\n", m.c_str());
    std::exit(2);
}

struct Buffer {
    int type;
    long long count;
    void* data;  // exactly count elements, so AddressSanitizer sees every overrun
};
static std::vector<Buffer> g_buffers;

struct Slot {
    int tag, buf;
    long long off, i;
    float f;
};

template <class T> struct Arg;
template <> struct Arg<int> {
    static int get(const Slot& s) { if (s.tag != 2) die("argument type mismatch: kernel expects int"); return (int)s.i; }
};
template <> struct Arg<long long> {
    static long long get(const Slot& s) { if (s.tag != 3) die("argument type mismatch: kernel expects long long"); return s.i; }
};
template <> struct Arg<float> {
    static float get(const Slot& s) { if (s.tag != 4) die("argument type mismatch: kernel expects float"); return s.f; }
};
template <class E> static E* pointer(const Slot& s, int type) {
    if (s.tag == 1) return nullptr;
    if (s.tag != 0) die("argument type mismatch: kernel expects a pointer");
    const Buffer& b = g_buffers.at(s.buf);
    if (b.type != type) die("pointer to a buffer of the wrong element type");
    if (s.off < 0 || s.off > b.count) die("pointer offset outside its buffer");
    return static_cast<E*>(b.data) + s.off;
}
template <> struct Arg<float*> { static float* get(const Slot& s) { return pointer<float>(s, 0); } };
template <> struct Arg<const float*> { static const float* get(const Slot& s) { return pointer<float>(s, 0); } };
template <> struct Arg<const int*> { static const int* get(const Slot& s) { return pointer<int>(s, 1); } };

typedef std::function<void(const std::vector<Slot>&)> Invoker;

template <class... P, size_t... I>
static void call(void (*f)(P...), const std::vector<Slot>& s, std::index_sequence<I...>) {
    f(Arg<P>::get(s[I])...);
}
template <class... P>
static Invoker invoker(void (*f)(P...)) {
    return [f](const std::vector<Slot>& s) {
        if (s.size() != sizeof...(P)) die("wrong number of kernel arguments: " + std::to_string(s.size()) + " for " + std::to_string(sizeof...(P)));
        call(f, s, std::index_sequence_for<P...>{});
    };
}

static std::map<std::string, Invoker> registry() {
    std::map<std::string, Invoker> m;
#define REG(name) m[#name] = invoker(&name);
#include "registry.inc"
#undef REG
    return m;
}

static void launch(const Invoker& inv, const std::vector<Slot>& args, dim3 grid, dim3 block) {
    gridDim = grid;
    blockDim = block;
    const int nt = block.x * block.y * block.z;
    if (nt > 1024 || nt < 1) die("bad block size");
    std::barrier<> bar(nt);
    g_block = &bar;
    std::vector<std::barrier<>*> warps;
    for (int w = 0; w * 32 < nt; ++w) warps.push_back(new std::barrier<>(std::min(32, nt - w * 32)));
    g_warps = warps;
    // Blocks run one after the other, separated by a barrier (static shared memory is reused by the next block).
    // A kernel whose first block never calls __syncthreads uses no shared memory in these sources (grid-stride
    // kernels), so after that block its threads run on without the barrier: many times faster, same results.
    g_synced.store(false);
    std::vector<std::thread> th;
    for (int t = 0; t < nt; ++t)
        th.emplace_back([&, t] {
            threadIdx.x = t % block.x;
            threadIdx.y = (t / block.x) % block.y;
            threadIdx.z = t / (block.x * block.y);
            bool fence = true;
            for (unsigned z = 0; z < grid.z; ++z)
                for (unsigned y = 0; y < grid.y; ++y)
                    for (unsigned x = 0; x < grid.x; ++x) {
                        blockIdx.x = x;
                        blockIdx.y = y;
                        blockIdx.z = z;
                        inv(args);
                        if (fence) {
                            bar.arrive_and_wait();
                            fence = g_synced.load(std::memory_order_relaxed);
                        }
                    }
        });
    for (auto& t : th) t.join();
    for (auto* w : warps) delete w;
}

struct Reader {
    FILE* f;
    template <class T> T get() {
        T v;
        if (std::fread(&v, sizeof v, 1, f) != 1) die("truncated script");
        return v;
    }
};

int main(int argc, char** argv) {
    if (argc != 3) die("usage: cuemu SCRIPT OUT");
    FILE* in = std::fopen(argv[1], "rb");
    if (!in) die("cannot open script");
    Reader r{in};
    if (r.get<int>() != 0x43454D55) die("bad magic");
    const int nb = r.get<int>();
    for (int i = 0; i < nb; ++i) {
        Buffer b;
        b.type = r.get<int>();
        b.count = r.get<long long>();
        b.data = std::malloc(b.count > 0 ? b.count * 4 : 1);
        if (b.count > 0 && std::fread(b.data, 4, b.count, in) != (size_t)b.count) die("truncated buffer");
        g_buffers.push_back(b);
    }
    const auto kernels = registry();
    const int nops = r.get<int>();
    for (int op = 0; op < nops; ++op) {
        const int kind = r.get<int>();
        if (kind == 1) {
            const int buf = r.get<int>();
            const long long off = r.get<long long>(), n = r.get<long long>();
            const Buffer& b = g_buffers.at(buf);
            if (off < 0 || n < 0 || off + n > b.count) die("zero outside its buffer");
            std::memset(static_cast<float*>(b.data) + off, 0, n * 4);
            continue;
        }
        const int len = r.get<int>();
        std::string name(len, '\0');
        for (int i = 0; i < len; ++i) name[i] = r.get<char>();
        dim3 grid, block;
        grid.x = r.get<int>(); grid.y = r.get<int>(); grid.z = r.get<int>();
        block.x = r.get<int>(); block.y = r.get<int>(); block.z = r.get<int>();
        std::vector<Slot> args(r.get<int>());
        for (Slot& s : args) {
            s = Slot{r.get<int>(), 0, 0, 0, 0.f};
            if (s.tag == 0) { s.buf = r.get<int>(); s.off = r.get<long long>(); }
            else if (s.tag == 2) s.i = r.get<int>();
            else if (s.tag == 3) s.i = r.get<long long>();
            else if (s.tag == 4) s.f = r.get<float>();
            else if (s.tag != 1) die("bad argument tag");
        }
        auto it = kernels.find(name);
        if (it == kernels.end()) die("no kernel " + name);
        launch(it->second, args, grid, block);
    }
    std::fclose(in);
    FILE* out = std::fopen(argv[2], "wb");
    if (!out) die("cannot open output");
    for (const Buffer& b : g_buffers) {
        if (b.count > 0) std::fwrite(b.data, 4, b.count, out);
        std::free(b.data);
    }
    std::fclose(out);
    return 0;
}
