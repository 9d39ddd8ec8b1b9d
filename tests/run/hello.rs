// SPDX-License-Identifier: MIT
// A Rust program for the run tests: threads, the environment, exit status.
use std::thread;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let handles: Vec<_> = (0..4).map(|i| thread::spawn(move || i * 10)).collect();
    let sum: i32 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("rust: {:?} sum {}", args, sum);
    std::process::exit(6);
}
