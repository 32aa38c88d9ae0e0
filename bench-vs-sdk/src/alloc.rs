//! The system allocator, counting allocations and tracking the bytes in use
//! and their peak, so that each case can report allocations per call and the
//! peak heap of one call.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};

pub struct Counting;

/// Counting is on only inside [`measure`], so that the timed rounds pay
/// one relaxed load per allocation, the same for both clients.
static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
/// Bytes allocated minus bytes freed since counting started (negative when
/// the call frees what was allocated before it).
static IN_USE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn counted(by: usize) {
    if !COUNTING.load(Ordering::Relaxed) {
        return;
    }
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    let now = IN_USE.fetch_add(by as isize, Ordering::Relaxed) + by as isize;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to `System`; the counters are
// only statistics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        counted(layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        counted(layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc_zeroed`'s contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            counted(new_size - layout.size());
        } else if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            IN_USE.fetch_sub((layout.size() - new_size) as isize, Ordering::Relaxed);
        }
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Ordering::Relaxed) {
            IN_USE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// What one call cost the heap.
#[derive(Debug, Clone, Copy)]
pub struct HeapUse {
    /// Allocations (and reallocations) per call, averaged.
    pub allocations: f64,
    /// The most bytes the call had in use at once beyond what was in use
    /// before it (its output included, until dropped).
    pub peak_bytes: usize,
}

/// Allocations per call over `calls` calls of `f`, and the peak of one more
/// call. Only this thread may allocate meanwhile (the benchmarks run on a
/// current-thread runtime).
pub fn measure(calls: usize, mut f: impl FnMut()) -> HeapUse {
    COUNTING.store(true, Ordering::Relaxed);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..calls {
        f();
    }
    let allocations = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / calls as f64;
    IN_USE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    f();
    let peak_bytes = PEAK.load(Ordering::Relaxed).max(0) as usize;
    COUNTING.store(false, Ordering::Relaxed);
    HeapUse { allocations, peak_bytes }
}
