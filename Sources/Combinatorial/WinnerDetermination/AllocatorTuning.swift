#if os(Linux)
/// glibc's `int mallopt(int param, int value)` (declared in <malloc.h>, which the Glibc module
/// does not export).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// glibc's allocator returns freed memory at the top of the heap to the system as soon as
/// 128 KiB are free, and serves blocks above 128 KiB-32 MiB by `mmap`; a run of thousands of
/// winner determinations (each building and freeing its search, LP model and CLP work
/// arrays) then spends a large share of its time in `brk`/`munmap` system calls and page
/// faults (measured on constraint generation, CATS `uniform` 32 × 200: 7-8 s of 30 CPU
/// seconds in the kernel; `decay` 32 × 200: 1.17 s of 11, 0.11 s with the settings below).
/// Winner determination therefore raises, once per process, the trim threshold to 256 MiB,
/// the top pad to 16 MiB and the `mmap` threshold to 32 MiB (its maximum): freed memory is
/// kept for reuse (the resident size stays at its peak instead of shrinking). Results never
/// depend on it. No effect on other C libraries.
enum AllocatorTuning {
    static let applied: Bool = {
        #if os(Linux)
        // <malloc.h>: M_TRIM_THRESHOLD −1, M_TOP_PAD −2, M_MMAP_THRESHOLD −3 (macros Swift
        // does not import).
        _ = glibcMallopt(-1, 256 << 20)
        _ = glibcMallopt(-2, 16 << 20)
        _ = glibcMallopt(-3, 32 << 20)
        return true
        #else
        return false
        #endif
    }()
}
