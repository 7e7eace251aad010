use std::path::PathBuf;
use std::time::Duration;

use crate::index::{FragmentBytes, PagefindIndexes};
use crate::{SearchOptions, PAGEFIND_VERSION};
use futures::future::join_all;
use rayon::prelude::*;
use std::collections::BTreeMap;
use include_dir::{include_dir, Dir};
use minifier::js::minify;
use tokio::fs::{create_dir_all, File};
use tokio::io::AsyncWriteExt;
use tokio::time::sleep;

mod entry;

// The WebAssembly as build.rs compressed it again (careguide patch).
const GENERIC_WEB_WASM: &[u8] = include_bytes!(concat!(
    env!("OUT_DIR"),
    "/wasm/pagefind_web_bg.unknown.",
    env!("CARGO_PKG_VERSION"),
    ".wasm.gz"
));
const WEB_WASM_FILES: Dir<'_> = include_dir!("$OUT_DIR/wasm");

const WEB_JS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_web.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const WEB_UI_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_ui.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const WEB_UI_CSS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_ui.",
    env!("CARGO_PKG_VERSION"),
    ".css"
));
const WEB_MODULAR_UI_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_modular_ui.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const WEB_MODULAR_UI_CSS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_modular_ui.",
    env!("CARGO_PKG_VERSION"),
    ".css"
));
const COMPONENT_UI_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_component_ui.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const COMPONENT_UI_CSS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_component_ui.",
    env!("CARGO_PKG_VERSION"),
    ".css"
));
const SEARCH_JS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_public_search_api.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const HIGHLIGHT_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_highlight.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const WORKER_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_worker.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));

pub struct LanguageMeta {
    pub page_count: usize,
    pub language: String,
    pub hash: String,
    pub wasm: Option<String>,
}

pub async fn write_common_to_disk(
    language_indexes: Vec<LanguageMeta>,
    output_playground: bool,
    outdir: &PathBuf,
    options: &SearchOptions,
) {
    write_common(language_indexes, output_playground, outdir, options, false).await;
}

pub async fn write_common_to_memory(
    language_indexes: Vec<LanguageMeta>,
    output_playground: bool,
    outdir: &PathBuf,
    options: &SearchOptions,
) -> Vec<SyntheticFile> {
    write_common(language_indexes, output_playground, outdir, options, true)
        .await
        .unwrap()
}

async fn write_common(
    language_indexes: Vec<LanguageMeta>,
    output_playground: bool,
    outdir: &PathBuf,
    options: &SearchOptions,
    synthetic: bool,
) -> Option<Vec<SyntheticFile>> {
    let js_version = format!("const pagefind_version = \"{PAGEFIND_VERSION}\";");
    let mut js = vec![];
    minify(&format!("{js_version}\n{WEB_JS}\n{SEARCH_JS}"))
        .expect("Minifying Pagefind JS failed")
        .write(&mut js)
        .expect("Writing minified Pagefind JS failed");

    let mut worker_js = vec![];
    minify(&format!(
        "{js_version}\n{WEB_JS}\n{}",
        String::from_utf8_lossy(WORKER_JS)
    ))
    .expect("Minifying Pagefind Worker JS failed")
    .write(&mut worker_js)
    .expect("Writing minified Pagefind Worker JS failed");

    let entry_meta = entry::PagefindEntryMeta {
        version: PAGEFIND_VERSION,
        languages: BTreeMap::from_iter(language_indexes.into_iter().map(|i| {
            (
                i.language,
                entry::PagefindEntryLanguage {
                    hash: i.hash,
                    wasm: i.wasm,
                    page_count: i.page_count,
                },
            )
        })),
        include_characters: options.include_characters.clone(),
    };
    let encoded_entry_meta = serde_json::to_string(&entry_meta).unwrap();

    let write_behavior = if synthetic {
        WriteBehavior::Synthetic
    } else {
        WriteBehavior::Disk
    };

    let mut files = vec![
        write(
            outdir.join("pagefind.js"),
            vec![&js],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-highlight.js"),
            vec![HIGHLIGHT_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-worker.js"),
            vec![&worker_js],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-ui.js"),
            vec![WEB_UI_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-ui.css"),
            vec![WEB_UI_CSS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-modular-ui.js"),
            vec![WEB_MODULAR_UI_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-modular-ui.css"),
            vec![WEB_MODULAR_UI_CSS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-component-ui.js"),
            vec![COMPONENT_UI_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-component-ui.css"),
            vec![COMPONENT_UI_CSS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("wasm.unknown.pagefind"),
            vec![GENERIC_WEB_WASM],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-entry.json"),
            vec![encoded_entry_meta.as_bytes()],
            Compress::None,
            write_behavior,
        ),
    ];

    if output_playground {
        files.extend([
            write(
                outdir.join("playground/index.html"),
                vec![crate::playground::PLAYGROUND_HTML.as_bytes()],
                Compress::None,
                write_behavior,
            ),
            write(
                outdir.join("playground/pagefind-playground.js"),
                vec![crate::playground::PLAYGROUND_JS.as_bytes()],
                Compress::None,
                write_behavior,
            ),
            write(
                outdir.join("playground/pagefind-playground.css"),
                vec![crate::playground::PLAYGROUND_CSS.as_bytes()],
                Compress::None,
                write_behavior,
            ),
        ]);
    }

    let output_files = join_all(files).await;

    if synthetic {
        Some(output_files.into_iter().flatten().collect())
    } else {
        None
    }
}

impl PagefindIndexes {
    fn lang_wasm_path(&self) -> Option<String> {
        let base_language = self.language.split('-').next().unwrap();
        let wasm_path = format!(
            "pagefind_web_bg.{}.{}.wasm.gz",
            base_language,
            env!("CARGO_PKG_VERSION")
        );

        if WEB_WASM_FILES.contains(&wasm_path) {
            Some(wasm_path)
        } else {
            None
        }
    }

    pub fn get_lang_meta(&self, options: &SearchOptions) -> LanguageMeta {
        let mut wasm_file = None;

        if self.language != "unknown" {
            if self.lang_wasm_path().is_some() {
                wasm_file = Some(self.language.to_string());
            } else {
                options.logger.v_warn(format!(
                    "Note: Pagefind doesn't support stemming for the language {}. \n\
                    Search will still work, but will not match across root words.",
                    self.language
                ));
            }
        }

        LanguageMeta {
            page_count: self.page_count,
            language: self.language.clone(),
            hash: self.meta_index.0.clone(),
            wasm: wasm_file,
        }
    }

    pub async fn write_files_to_disk(&self, options: &SearchOptions, outdir: &PathBuf) {
        self.write_files(options, outdir, false).await;
    }

    pub async fn write_files_to_memory(
        &self,
        options: &SearchOptions,
        outdir: &PathBuf,
    ) -> Vec<SyntheticFile> {
        self.write_files(options, outdir, true).await.unwrap()
    }

    async fn write_files(
        &self,
        options: &SearchOptions,
        outdir: &PathBuf,
        synthetic: bool,
    ) -> Option<Vec<SyntheticFile>> {
        let immutable_write_behaviour = if synthetic {
            WriteBehavior::Synthetic
        } else {
            WriteBehavior::Immutable
        };

        let mut files = vec![(
            outdir.join(format!("pagefind.{}.pf_meta", &self.meta_index.0)),
            vec![&self.meta_index.1[..]],
            Compress::GzIndex,
            immutable_write_behaviour,
        )];

        if self.language != "unknown" {
            if let Some(wasm_path) = self.lang_wasm_path() {
                files.push((
                    outdir.join(format!("wasm.{}.pagefind", self.language)),
                    vec![WEB_WASM_FILES
                        .get_file(wasm_path)
                        .expect("WASM should exist")
                        .contents()],
                    Compress::None,
                    if synthetic {
                        WriteBehavior::Synthetic
                    } else {
                        WriteBehavior::Disk
                    },
                ));
            } else {
                options.logger.v_warn(format!(
                    "Note: Pagefind doesn't support stemming for the language {}. \n\
                    Search will still work, but will not match across root words.",
                    self.language
                ));
            }
        }

        files.extend(self.fragments.iter().map(|(hash, fragment)| {
            // A fragment may have been compressed when its page was read.
            let (bytes, compression) = match fragment {
                FragmentBytes::Json(json) => (json.as_bytes(), Compress::GZ),
                FragmentBytes::Gzipped(gzipped) => (&gzipped[..], Compress::None),
            };
            (
                outdir.join(format!("fragment/{}.pf_fragment", hash)),
                vec![bytes],
                compression,
                immutable_write_behaviour,
            )
        }));

        files.extend(self.word_indexes.iter().map(|(hash, index)| {
            (
                outdir.join(format!("index/{}.pf_index", hash)),
                vec![&index[..]],
                Compress::GzWords,
                immutable_write_behaviour,
            )
        }));

        files.extend(self.filter_indexes.iter().map(|(hash, index)| {
            (
                outdir.join(format!("filter/{}.pf_filter", hash)),
                vec![&index[..]],
                Compress::GzIndex,
                immutable_write_behaviour,
            )
        }));

        if synthetic {
            // In memory, nothing awaits: compress the files on every core
            // (gzip at the best level is most of this step), in order.
            // (careguide patch, see bench/README.md.)
            return Some(
                files
                    .into_par_iter()
                    // One file a task: the list is ten thousand small
                    // fragments (already compressed, just copied) followed
                    // by a couple of hundred large index chunks that take
                    // nearly all the time, so rayon's default halving left
                    // them on one core (this step took twice as long).
                    .with_max_len(1)
                    .map(|(filename, chunks, compression, _)| SyntheticFile {
                        contents: match compression {
                            Compress::GZ => gzip(&chunks),
                            Compress::GzIndex => gzip_index(&chunks),
                            Compress::GzWords => gzip_words(&chunks),
                            Compress::None => chunks.concat(),
                        },
                        filename,
                    })
                    .collect(),
            );
        }
        join_all(files.into_iter().map(|(filename, chunks, compression, behaviour)| {
            write(filename, chunks, compression, behaviour)
        }))
        .await;
        None
    }
}

/// gzip level of fragments (`.pf_fragment`, a page's text for its result):
/// libdeflate at 9 compresses the 10,000-page corpus's fragments 1.4 x
/// faster than miniz_oxide at its best level and 0.6 % smaller in total;
/// level 10 would be 10 x slower again. (careguide patch, see bench/README.md.)
const FRAGMENT_LEVEL: i32 = 9;
/// gzip level of the metadata and filter files (`.pf_meta`, `.pf_filter`):
/// every search fetches the metadata first, and at 10 it is 11 % smaller
/// than miniz_oxide's best (9 % at 9), for a few milliseconds.
const INDEX_LEVEL: i32 = 10;
/// gzip level of the word chunks (`.pf_index`): most of the index's bytes
/// and most of the time spent compressing it. The 10,000-page corpus's 188
/// chunks, on one thread: level 8 took 0.95 s, 7 0.54 s, 6 0.40 s and 5
/// 0.35 s; against 8, 6 gives 1.15 % more bytes. That is paid for by the
/// WebAssembly, which build.rs compresses again (about 2.5 KB less, fetched
/// by every first search): with both, every first search of that corpus and
/// of the default site fetches fewer bytes than at 8 with the WebAssembly as
/// published, and fewer than with pagefind 1.6.0 (`bench/search_results.mjs
/// compare`); at 5, two queries of the corpus fetched more than at 8.
/// (careguide patch, see bench/README.md.)
const WORDS_LEVEL: i32 = 6;

/// A thread's compressor for one level, kept between files (a new one
/// allocates and sets up its tables, which for small files costs as much as
/// compressing them), with buffers for the input and the output.
struct Deflater {
    compressor: libdeflater::Compressor,
    input: Vec<u8>,
    output: Vec<u8>,
}

impl Deflater {
    fn new(level: i32) -> std::cell::RefCell<Self> {
        let level = libdeflater::CompressionLvl::new(level).expect("a level from 0 to 12");
        std::cell::RefCell::new(Deflater {
            compressor: libdeflater::Compressor::new(level),
            input: Vec::new(),
            output: Vec::new(),
        })
    }
}

thread_local! {
    static FRAGMENT_DEFLATER: std::cell::RefCell<Deflater> = Deflater::new(FRAGMENT_LEVEL);
    static INDEX_DEFLATER: std::cell::RefCell<Deflater> = Deflater::new(INDEX_LEVEL);
    static WORDS_DEFLATER: std::cell::RefCell<Deflater> = Deflater::new(WORDS_LEVEL);
}

/// A fragment file's bytes: `content_chunks`, each after the marker
/// `pagefind_dcd`, gzipped at `FRAGMENT_LEVEL`.
pub fn gzip(content_chunks: &[&[u8]]) -> Vec<u8> {
    FRAGMENT_DEFLATER.with(|deflater| deflate(&mut deflater.borrow_mut(), content_chunks))
}

/// A metadata or filter file's bytes: as `gzip`, at `INDEX_LEVEL`.
pub fn gzip_index(content_chunks: &[&[u8]]) -> Vec<u8> {
    INDEX_DEFLATER.with(|deflater| deflate(&mut deflater.borrow_mut(), content_chunks))
}

/// A word chunk's bytes: as `gzip`, at `WORDS_LEVEL`.
pub fn gzip_words(content_chunks: &[&[u8]]) -> Vec<u8> {
    WORDS_DEFLATER.with(|deflater| deflate(&mut deflater.borrow_mut(), content_chunks))
}

/// What pagefind's web code reads (it gunzips a file, then checks for the
/// marker): a gzip member with no name and no time, OS unknown (255), as
/// flate2's `GzEncoder` wrote it before; XFL 2 at levels 8 and up, as
/// flate2 wrote at its best level, and 0 below (the word chunks, level 6);
/// the deflate stream is libdeflate's instead of miniz_oxide's.
fn deflate(deflater: &mut Deflater, content_chunks: &[&[u8]]) -> Vec<u8> {
    let Deflater {
        compressor,
        input,
        output,
    } = deflater;
    input.clear();
    for chunk in content_chunks {
        input.extend_from_slice(b"pagefind_dcd");
        input.extend_from_slice(chunk);
    }
    output.resize(compressor.gzip_compress_bound(input.len()), 0);
    let written = compressor
        .gzip_compress(input, output)
        .expect("the output buffer is libdeflate's bound for the input");
    // Exactly sized: the files wait in memory until they are written.
    output[..written].to_vec()
}

#[derive(Copy, Clone)]
enum Compress {
    /// Fragments: `gzip`.
    GZ,
    /// Metadata and filter files: `gzip_index`.
    GzIndex,
    /// Word chunks: `gzip_words`.
    GzWords,
    None,
}

#[derive(Copy, Clone)]
enum WriteBehavior {
    Synthetic,
    Immutable,
    Disk,
}

#[derive(Clone)]
pub struct SyntheticFile {
    pub filename: PathBuf,
    pub contents: Vec<u8>,
}

async fn write(
    filename: PathBuf,
    content_chunks: Vec<&[u8]>,
    compression: Compress,
    write_behavior: WriteBehavior,
) -> Option<SyntheticFile> {
    let mut file = None;

    match write_behavior {
        WriteBehavior::Synthetic => {}
        // For "immutable" (hashed) files, don't re-write them as the contents _should_ be unchanged.
        WriteBehavior::Immutable if filename.exists() => return None,
        WriteBehavior::Immutable | WriteBehavior::Disk => {
            if let Some(parent) = filename.parent() {
                create_dir_all(parent).await.unwrap();
            }

            let mut output_file = File::create(&filename).await;
            while output_file.is_err() {
                sleep(Duration::from_millis(100)).await;
                output_file = File::create(&filename).await;
            }
            file = output_file.ok();
        }
    };

    match compression {
        Compress::GZ | Compress::GzIndex | Compress::GzWords => {
            let contents = match compression {
                Compress::GZ => gzip(&content_chunks),
                Compress::GzWords => gzip_words(&content_chunks),
                _ => gzip_index(&content_chunks),
            };
            if let Some(mut file) = file {
                file.write_all(&contents).await.unwrap();
                // `write_all` resolving only means the bytes are in tokio's
                // buffer; the blocking-pool write to disk may still be in
                // flight. Flush before the file drops, or a service-mode
                // consumer can receive the WriteFiles acknowledgement and
                // close the process while a file is half written, shipping
                // a truncated asset.
                file.flush().await.unwrap();
                None
            } else {
                Some(SyntheticFile { filename, contents })
            }
        }
        Compress::None => {
            if let Some(mut file) = file {
                for chunk in content_chunks {
                    file.write_all(chunk).await.unwrap();
                }
                file.flush().await.unwrap();
                None
            } else {
                return Some(SyntheticFile {
                    filename,
                    contents: content_chunks.into_iter().flatten().cloned().collect(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{gzip, gzip_index, gzip_words};
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("a valid gzip member");
        out
    }

    fn text(words: usize) -> Vec<u8> {
        (0..words)
            .map(|i| format!("word{} care plan {} ", i % 97, i % 13))
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn every_level_gives_back_each_chunk_after_its_marker() {
        let (a, b) = (text(2000), b"{\"url\":\"/a/\"}".to_vec());
        // XFL is 2 ("best compression") at levels 8 and up, 0 below.
        for (out, xfl) in [
            (gzip(&[&a, &b]), 2),
            (gzip_index(&[&a, &b]), 2),
            (gzip_words(&[&a, &b]), 0),
        ] {
            // What pagefind 1.6 wrote with flate2: no name, no time, OS 255.
            assert_eq!(out[..10], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 255]);
            let expected = [&b"pagefind_dcd"[..], &a, b"pagefind_dcd", &b].concat();
            assert_eq!(gunzip(&out), expected);
            assert!(out.len() < a.len() / 4, "compressed: {} bytes", out.len());
        }
        assert_eq!(gunzip(&gzip(&[])), b"");
    }

    #[test]
    fn a_reused_compressor_gives_what_a_fresh_one_gives() {
        let (big, small) = (text(50_000), text(40));
        let fresh = std::thread::spawn({
            let small = small.clone();
            move || (gzip(&[&small]), gzip_index(&[&small]))
        })
        .join()
        .unwrap();
        // This thread compresses a large file first, at both levels.
        gzip(&[&big]);
        gzip_index(&[&big]);
        assert_eq!((gzip(&[&small]), gzip_index(&[&small])), fresh);
    }
}
