//! careguide patch (bench/README.md, patch item 22): the WebAssembly files
//! that pagefind ships as gzip are compressed again with libdeflate at its
//! best level, once, at compile time. Every reader's first search downloads
//! one of them (about 57 KB instead of 60 KB for English). A file is kept as
//! published wherever the new one would not be smaller, and the content is
//! checked to gunzip to the same bytes, so the browser runs the same
//! WebAssembly.

use std::path::Path;

use libdeflater::{CompressionLvl, Compressor, Decompressor};

fn main() {
    let from = Path::new("vendor/wasm");
    println!("cargo:rerun-if-changed={}", from.display());
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let to = Path::new(&out_dir).join("wasm");
    std::fs::create_dir_all(&to).expect("create OUT_DIR/wasm");
    let mut names: Vec<_> = std::fs::read_dir(from)
        .expect("vendor/wasm")
        .map(|e| e.expect("vendor/wasm entry").file_name())
        .collect();
    names.sort();
    let mut compressor = Compressor::new(CompressionLvl::best());
    let mut decompressor = Decompressor::new();
    for name in names {
        let published = std::fs::read(from.join(&name)).expect("read a wasm file");
        let wasm = gunzip(&mut decompressor, &published);
        let mut again = vec![0; compressor.gzip_compress_bound(wasm.len())];
        let n = compressor.gzip_compress(&wasm, &mut again).expect("gzip");
        again.truncate(n);
        assert_eq!(gunzip(&mut decompressor, &again), wasm, "{name:?}: round trip");
        let best = if again.len() < published.len() { &again } else { &published };
        std::fs::write(to.join(&name), best).expect("write a wasm file");
    }
}

/// The gzip member's content; its size is in the last four bytes (ISIZE).
fn gunzip(decompressor: &mut Decompressor, gz: &[u8]) -> Vec<u8> {
    let size = u32::from_le_bytes(gz[gz.len() - 4..].try_into().expect("4 bytes"));
    let mut out = vec![0; size as usize];
    let n = decompressor.gzip_decompress(gz, &mut out).expect("a gzip file");
    assert_eq!(n, out.len(), "ISIZE matches");
    out
}
