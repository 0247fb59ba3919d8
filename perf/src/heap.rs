//! A global allocator that counts live heap bytes and remembers the peak, for the benchmarks' memory figures.
//!
//! It wraps the system allocator and keeps two atomics, so timings taken with it installed stay close to the
//! system allocator's (one relaxed add and one load per allocation, and a compare-and-swap only when the peak
//! rises). Install it in a bench binary:
//! `#[global_allocator] static HEAP: perf::heap::Counting = perf::heap::Counting;`, then bracket the work with
//! [`reset_peak`] and [`peak`].

// This is the workspace's only unsafe code: `GlobalAlloc` is an unsafe trait. Each method forwards to `System`
// with the caller's own arguments, so the contracts the caller upholds are passed on unchanged.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The counting allocator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counting;

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    // A plain load first: most allocations do not raise the peak, and `fetch_max` is a compare-and-swap loop that
    // cost about a tenth of the time of a table of 100 000 rows (each row allocates a few small strings).
    if live > PEAK.load(Ordering::Relaxed) {
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

fn shrank(by: usize) {
    LIVE.fetch_sub(by, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is; the caller guarantees a non-zero-sized layout.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller guarantees `ptr` came from this allocator (hence from `System`) with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's guarantees for `realloc` hold for `System` too, which allocated `ptr`.
        let new_ptr = unsafe { System.realloc(ptr, layout, new_size) };
        if !new_ptr.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        new_ptr
    }
}

/// Bytes allocated and not yet freed (only counts while [`Counting`] is the global allocator).
pub fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Starts a new peak measurement from the current live bytes.
pub fn reset_peak() {
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
}

/// The highest live byte count since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Runs `work` and returns its result with the heap it needed at its peak, above what was live before it.
pub fn peak_during<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = live();
    reset_peak();
    let result = work();
    (result, peak().saturating_sub(before))
}
