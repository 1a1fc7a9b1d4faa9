// Replays launch scripts written by EmulatedKernelsTest (the Java launchers' own plans, DeviceOps) on this helper's
// kernels compiled for the CPU with emu_shim.h. Script (little-endian): int magic 0x43475245 ("ERGC"), int buffers,
// per buffer {long bytes, data}; int ops, per op {int kind: 0 launch {int nameLen, name, int blocks, int threads,
// int args, per arg {int tag: 0 pointer {int buffer, long byteOffset} | 2 int | 3 long | 4 float | 5 bytes {int n,
// data}}} | 1 memset32 {int buffer, long byteOffset, int value, long count} | 2 copy {int dst, long dstOff, int src,
// long srcOff, long bytes}}. Writes every buffer back in order. Usage: emu_core SCRIPT OUT
#include "emu_shim.h"

#include "copy.cu"
#include "unary.cu"
#include "binary.cu"
#include "reduce.cu"
#include "softmax.cu"
#include "index.cu"
#include "random.cu"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

thread_local dim3 threadIdx, blockIdx;
dim3 blockDim, gridDim;

static std::vector<std::barrier<>*> g_warps;
static double g_lanes[32][32];

double emu_exchange(double v, int k, bool isXor) {
    const int lane = threadIdx.x % 32, w = threadIdx.x / 32;
    g_lanes[w][lane] = v;
    g_warps[w]->arrive_and_wait();
    const int src = isXor ? (lane ^ k) : lane + k;
    const double r = src < 32 ? g_lanes[w][src] : v;
    g_warps[w]->arrive_and_wait();
    return r;
}

[[noreturn]] static void die(const std::string& m) {
    std::fprintf(stderr, "emu_core: %s\n", m.c_str());
    std::exit(2);
}

struct Buffer {
    long long bytes;
    char* data;
};
static std::vector<Buffer> g_buf;

struct Slot {
    int tag = -1, buf = 0;
    long long off = 0, i = 0;
    float f = 0;
    std::vector<char> bytes;
};

template <class T> struct Get;
template <class T> struct Get<T*> {
    static T* from(const Slot& s, const char* k) {
        if (s.tag != 0) die(std::string(k) + ": expected a pointer argument");
        return reinterpret_cast<T*>(g_buf.at(s.buf).data + s.off);
    }
};
template <> struct Get<int> {
    static int from(const Slot& s, const char* k) {
        if (s.tag != 2) die(std::string(k) + ": expected an int argument, got tag " + std::to_string(s.tag));
        return (int)s.i;
    }
};
template <> struct Get<long long> {
    static long long from(const Slot& s, const char* k) {
        if (s.tag != 3) die(std::string(k) + ": expected a long long argument, got tag " + std::to_string(s.tag));
        return s.i;
    }
};
template <> struct Get<unsigned long long> {
    static unsigned long long from(const Slot& s, const char* k) { return (unsigned long long)Get<long long>::from(s, k); }
};
template <> struct Get<float> {
    static float from(const Slot& s, const char* k) {
        if (s.tag != 4) die(std::string(k) + ": expected a float argument, got tag " + std::to_string(s.tag));
        return s.f;
    }
};
template <> struct Get<Dims8> {
    static Dims8 from(const Slot& s, const char* k) {
        if (s.tag != 5 || s.bytes.size() != sizeof(Dims8)) die(std::string(k) + ": expected a Dims8 struct");
        Dims8 d;
        std::memcpy(&d, s.bytes.data(), sizeof d);
        return d;
    }
};

template <class... P, size_t... I>
static void invoke(void (*f)(P...), const std::vector<Slot>& a, const char* k, std::index_sequence<I...>) {
    f(Get<P>::from(a[I], k)...);
}

struct Kernel {
    std::function<void(const std::vector<Slot>&)> call;
    bool warps;
};

template <class... P>
static Kernel kernel(void (*f)(P...), const char* name, bool warps) {
    return Kernel{[f, name](const std::vector<Slot>& a) {
                      if (a.size() != sizeof...(P))
                          die(std::string(name) + ": " + std::to_string(a.size()) + " arguments for " + std::to_string(sizeof...(P)) + " parameters");
                      invoke(f, a, name, std::index_sequence_for<P...>{});
                  },
                  warps};
}

#define REG(name, warps) {#name, kernel(name, #name, warps)}
static const std::map<std::string, Kernel> g_kernels = {
    REG(copy_strided_1_i64, false), REG(copy_strided_2_i32, false), REG(pad_axis, false), REG(pad_axis_backward, false),
    REG(unary_1_scalar, false), REG(unary_2_vec4, false), REG(binary_1_strided64, false), REG(binary_2_strided32, false),
    REG(binary_3_flat, false), REG(binary_4_flat_vec4, false), REG(reduce_1_thread_per_line, false),
    REG(reduce_2_warp_per_line, true), REG(reduce_3_partial_cols, false), REG(reduce_3_partial_rows, true),
    REG(reduce_3_finish, false), REG(softmax_1_thread_per_line, false), REG(softmax_2_warp_per_line, true),
    REG(gather_1, false), REG(scatter_add_1, false), REG(philox_uniform, false), REG(philox_normal, false)};

static void run(const Kernel& k, int blocks, int threads, const std::vector<Slot>& args) {
    gridDim = dim3{(unsigned)blocks, 1, 1};
    blockDim = dim3{(unsigned)threads, 1, 1};
    for (int b = 0; b < blocks; b++) {
        if (!k.warps) {
            for (int t = 0; t < threads; t++) {
                blockIdx = dim3{(unsigned)b, 0, 0};
                threadIdx = dim3{(unsigned)t, 0, 0};
                k.call(args);
            }
            continue;
        }
        if (threads % 32 != 0) die("warp kernels need whole warps");
        for (auto* w : g_warps) delete w;
        g_warps.clear();
        for (int w = 0; w < threads / 32; w++) g_warps.push_back(new std::barrier<>(32));
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; t++)
            pool.emplace_back([&, b, t] {
                blockIdx = dim3{(unsigned)b, 0, 0};
                threadIdx = dim3{(unsigned)t, 0, 0};
                k.call(args);
            });
        for (auto& th : pool) th.join();
    }
}

struct Reader {
    std::vector<char> d;
    size_t p = 0;
    template <class T> T get() {
        if (p + sizeof(T) > d.size()) die("truncated script");
        T v;
        std::memcpy(&v, d.data() + p, sizeof v);
        p += sizeof v;
        return v;
    }
};

int main(int argc, char** argv) {
    if (argc != 3) return 1;
    Reader r;
    FILE* f = std::fopen(argv[1], "rb");
    if (!f) die("cannot open script");
    char chunk[65536];
    size_t n;
    while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) r.d.insert(r.d.end(), chunk, chunk + n);
    std::fclose(f);
    if (r.get<int>() != 0x43475245) die("bad magic");
    int buffers = r.get<int>();
    for (int i = 0; i < buffers; i++) {
        long long bytes = r.get<long long>();
        void* v = nullptr;  // exact size, 512-byte aligned like the allocator's blocks: AddressSanitizer sees overruns
        if (posix_memalign(&v, 512, (size_t)(bytes > 0 ? bytes : 1)) != 0) die("out of memory");
        char* p = static_cast<char*>(v);
        if (bytes) std::memcpy(p, r.d.data() + r.p, (size_t)bytes);
        r.p += (size_t)bytes;
        g_buf.push_back({bytes, p});
    }
    int ops = r.get<int>();
    for (int o = 0; o < ops; o++) {
        int kind = r.get<int>();
        if (kind == 0) {
            int len = r.get<int>();
            std::string name(r.d.data() + r.p, (size_t)len);
            r.p += (size_t)len;
            int blocks = r.get<int>(), threads = r.get<int>(), nargs = r.get<int>();
            std::vector<Slot> args((size_t)nargs);
            for (auto& s : args) {
                s.tag = r.get<int>();
                if (s.tag == 0) {
                    s.buf = r.get<int>();
                    s.off = r.get<long long>();
                } else if (s.tag == 2) {
                    s.i = r.get<int>();
                } else if (s.tag == 3) {
                    s.i = r.get<long long>();
                } else if (s.tag == 4) {
                    s.f = r.get<float>();
                } else if (s.tag == 5) {
                    int nb = r.get<int>();
                    s.bytes.assign(r.d.begin() + (long)r.p, r.d.begin() + (long)r.p + nb);
                    r.p += (size_t)nb;
                } else {
                    die("bad argument tag");
                }
            }
            auto it = g_kernels.find(name);
            if (it == g_kernels.end()) die("unknown kernel " + name);
            run(it->second, blocks, threads, args);
        } else if (kind == 1) {
            int b = r.get<int>();
            long long off = r.get<long long>();
            int value = r.get<int>();
            long long count = r.get<long long>();
            if (off < 0 || off + 4 * count > g_buf.at(b).bytes) die("memset out of range");
            for (long long i = 0; i < count; i++) std::memcpy(g_buf[b].data + off + 4 * i, &value, 4);
        } else if (kind == 2) {
            int db = r.get<int>();
            long long doff = r.get<long long>();
            int sb = r.get<int>();
            long long soff = r.get<long long>(), bytes = r.get<long long>();
            if (doff < 0 || soff < 0 || doff + bytes > g_buf.at(db).bytes || soff + bytes > g_buf.at(sb).bytes) die("copy out of range");
            std::memmove(g_buf[db].data + doff, g_buf[sb].data + soff, (size_t)bytes);
        } else {
            die("bad op kind");
        }
    }
    FILE* out = std::fopen(argv[2], "wb");
    if (!out) die("cannot write output");
    for (auto& b : g_buf) std::fwrite(b.data, 1, (size_t)b.bytes, out);
    std::fclose(out);
    for (auto& b : g_buf) std::free(b.data);
    for (auto* w : g_warps) delete w;
    return 0;
}
