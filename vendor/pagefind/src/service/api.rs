//! The programmatic service interface for integrating Pagefind into another Rust project.
//!
//! # Examples
//!
//! ```
//! use pagefind::api::{PagefindIndex};
//! use pagefind::options::{PagefindServiceConfig};
//!
//! #[tokio::main]
//! async fn main() {
//!     let options = PagefindServiceConfig::builder()
//!         .keep_index_url(true)
//!         .force_language("en".to_string())
//!         .build();
//!     let mut index = PagefindIndex::new(Some(options)).expect("Options should be valid");
//!     let indexing_response = index
//!         .add_html_file(
//!             Some("test/index.html".into()),
//!             None,
//!             "<html><body><h1>Test content</h1></body></html>".into(),
//!         )
//!         .await;
//!
//!     if let Ok(file) = indexing_response {
//!         println!("Page word count: {}", file.page_word_count);
//!         println!("Page URL: {}", file.page_url);
//!     }
//!
//!     let files_response = index.get_files().await;
//!     if let Ok(files) = files_response {
//!         println!("Have {} files to write to disk", files.len());
//!     }
//! }
//! ```

pub use crate::output::SyntheticFile;
use anyhow::{bail, Result};
use rust_patch::Patch;
use std::{collections::BTreeMap, path::PathBuf, sync::Arc};

use crate::{
    fossick::{parser::DomParserResult, FossickedData, Fossicker},
    options::PagefindServiceConfig,
    PagefindInboundConfig, SearchOptions, SearchState,
};

#[derive(Debug)]
pub struct IndexedFileResponse {
    pub page_word_count: u32,
    pub page_url: String,
    pub page_meta: BTreeMap<String, String>,
}

pub struct PagefindIndex {
    search_index: Arc<tokio::sync::Mutex<SearchState>>,
    options: Arc<SearchOptions>,
}

/// Reads HTML pages into [`FossickedPage`]s for one [`PagefindIndex`], on
/// any thread and without its lock: parsing, splitting and stemming a page
/// is most of the work of indexing it, and callers that render pages in
/// parallel can do it as each page is made. (careguide patch, see
/// bench/README.md.)
#[derive(Clone)]
pub struct PageReader {
    options: Arc<SearchOptions>,
}

/// One page read by a [`PageReader`], to be added with
/// [`PagefindIndex::add_fossicked_pages`].
pub struct FossickedPage(FossickedData);

impl FossickedPage {
    pub fn url(&self) -> &str {
        &self.0.url
    }
}

impl PageReader {
    /// What [`PagefindIndex::add_html_file`] does to a page, without adding
    /// it to the index.
    pub fn read_html(
        &self,
        source_path: Option<String>,
        url: Option<String>,
        content: String,
    ) -> Result<FossickedPage> {
        if source_path.is_none() && url.is_none() {
            bail!("Either source_path or url must be provided");
        }
        let file = Fossicker::new_synthetic(source_path.map(PathBuf::from), url, content);
        let mut page = file.fossick_sync(&self.options)?;
        page.pack_words();
        page.encode_fragment();
        Ok(FossickedPage(page))
    }
}

impl PageReader {
    /// `html` read by pagefind's lol_html parser and by careguide's strict
    /// reader of well-formed pages, as debug text (the second `None` when
    /// the strict reader declines the page). For careguide's differential
    /// tests (tests/search_reader.rs); not part of pagefind's API.
    #[doc(hidden)]
    pub fn read_both_ways(&self, html: &str) -> (String, Option<String>) {
        crate::fossick::fast_html::read_both_ways(html, &self.options)
    }
}

impl PagefindIndex {
    /// Create a new PagefindIndex instance that files can be added to.
    ///
    /// # Arguments
    /// * `config` - An optional PagefindServiceConfig to override default options for the service.
    ///
    /// # Returns
    /// A PagefindIndex instance if search options are valid, otherwise an Error.
    pub fn new(config: Option<PagefindServiceConfig>) -> Result<Self> {
        let mut service_options: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");

        service_options.service = true;
        if let Some(config) = config {
            service_options = config.apply(service_options);
        }

        let options = SearchOptions::load(service_options)?;
        Ok(Self {
            options: Arc::new(options.clone()),
            search_index: Arc::new(tokio::sync::Mutex::new(SearchState::new(options))),
        })
    }

    /// A reader of pages for this index, to use on any thread.
    pub fn page_reader(&self) -> PageReader {
        PageReader {
            options: Arc::clone(&self.options),
        }
    }

    /// Add pages read by [`PageReader::read_html`], in the order given (page
    /// numbers follow it). A page whose URL is already in the index replaces
    /// it, as with [`add_html_file`](Self::add_html_file), found through a
    /// map rather than a scan of every page added so far.
    pub async fn add_fossicked_pages(&mut self, pages: Vec<FossickedPage>) {
        let mut state = self.search_index.lock().await;
        state.add_fossicked(pages.into_iter().map(|p| p.0));
    }

    /// [`get_files`](Self::get_files) for an index that is used no more:
    /// its pages move into the index instead of being copied, which halves
    /// the memory that building the index needs.
    pub async fn into_files(self) -> Result<Vec<SyntheticFile>> {
        let mut state = self.search_index.lock().await;
        state.build_indexes_from_owned().await?;
        Ok(state.get_files().await)
    }

    /// Add an HTML file that isn't on disk into this search index.
    /// Either a filepath or a URL must be provided.
    ///
    /// # Arguments
    /// * `source_path` - The source path of the HTML file if it were to exist on disk.
    /// * `url` - An explicit URL to use, instead of having Pagefind compute the URL based on the `source_path`.
    /// * `content` - The source HTML content of the file to be parsed.
    ///
    /// # Returns
    /// Metadata about the added file if successful, otherwise an Error.
    pub async fn add_html_file(
        &mut self,
        source_path: Option<String>,
        url: Option<String>,
        content: String,
    ) -> Result<IndexedFileResponse> {
        if source_path.is_none() && url.is_none() {
            bail!("Either source_path or url must be provided");
        }

        let file = Fossicker::new_synthetic(source_path.map(PathBuf::from), url, content);
        let state = Arc::clone(&self.search_index);
        let data = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_one(file)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(IndexedFileResponse {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.fragment.data.url,
            page_meta: data.fragment.data.meta,
        })
    }

    /// Index a custom record that isn't backed by an HTML file.
    ///
    /// # Arguments
    /// * `url` - The output URL of this record. Pagefind will not alter this.
    /// * `content` - The raw content of this record.
    /// * `language` - What language is this record written in. Expects an ISO 639-1 code.
    /// * `meta` - The metadata to attach to this record. Supplying a `title` is highly recommended.
    /// * `filters` - The filters to attach to this record.
    /// * `sort` - The sort keys to attach to this record.
    ///
    /// # Returns
    /// Metadata about the added record if successful, otherwise an Error.
    pub async fn add_custom_record(
        &mut self,
        url: String,
        content: String,
        language: String,
        meta: Option<BTreeMap<String, String>>,
        filters: Option<BTreeMap<String, Vec<String>>>,
        sort: Option<BTreeMap<String, String>>,
    ) -> Result<IndexedFileResponse> {
        let force_language = self
            .search_index
            .lock()
            .await
            .options
            .force_language
            .clone();
        let data = DomParserResult {
            digest: content,
            filters: filters.unwrap_or_default(),
            sort: sort.unwrap_or_default(),
            meta: meta.unwrap_or_default(),
            anchor_content: BTreeMap::new(),
            anchor_titles: BTreeMap::new(),
            has_custom_body: false,
            force_inclusion: true,
            has_html_element: true,
            has_old_bundle_reference: false,
            has_default_ui_reference: false,
            language: force_language.unwrap_or(language),
        };
        let file = Fossicker::new_with_data(url, data);
        let state = Arc::clone(&self.search_index);
        let data = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_one(file)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(IndexedFileResponse {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.fragment.data.url,
            page_meta: data.fragment.data.meta,
        })
    }

    /// Index a directory of HTML files from disk.
    ///
    /// # Arguments
    /// * `path` - The path to the directory to index.
    /// * `glob` - A glob pattern to match files in the directory. If not provided, the default glob pattern will be used.
    ///
    /// # Returns
    /// The number of pages indexed if successful, otherwise an Error.
    pub async fn add_directory(&mut self, path: String, glob: Option<String>) -> Result<usize> {
        let defaults: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");
        let glob = glob.unwrap_or(defaults.glob);

        let state = Arc::clone(&self.search_index);
        let page_count = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_many(PathBuf::from(path), glob)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(page_count)
    }

    /// Build the search index for this instance and hold it in memory.
    pub async fn build_indexes(&mut self) -> Result<()> {
        self.search_index.lock().await.build_indexes().await
    }

    /// Build the search index for this instance and write the files to disk.
    ///
    /// # Arguments
    /// * `output_path` - The path to write the files to. If not provided, the default output path will be used.
    ///
    /// # Returns
    /// The path files were written to if successful, otherwise an Error.
    pub async fn write_files(&mut self, output_path: Option<String>) -> Result<String> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        let resolved_output_path = state.write_files(output_path.map(Into::into)).await;

        Ok(resolved_output_path.to_string_lossy().into())
    }

    /// Build the search index for this instance and return the files as a list of
    /// SyntheticFileResponse.
    ///
    /// # Returns
    /// A list of SyntheticFiles containing the path and content of each file.
    pub async fn get_files(&mut self) -> Result<Vec<SyntheticFile>> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        Ok(state.get_files().await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn test_add_file() {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("en".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).unwrap();
        let file_response = index
            .add_html_file(
                Some("test/index.html".into()),
                None,
                "<html><body><h1>Test content</h1></body></html>".into(),
            )
            .await;

        let file = file_response.expect("Adding a file should succeed");
        assert_eq!(file.page_word_count, 2);
        assert_eq!(file.page_url, "/test/index.html");

        let files_response = index.get_files().await;

        let files = files_response.expect("Getting files should succeed");
        let filenames: Vec<_> = files.into_iter().map(|f| f.filename).collect();
        assert!(filenames.contains(&PathBuf::from("pagefind.js")));
        assert!(filenames.contains(&PathBuf::from("pagefind-ui.js")));
        assert!(filenames.contains(&PathBuf::from("pagefind-ui.css")));
        assert!(filenames.contains(&PathBuf::from("wasm.en.pagefind")));
        assert!(filenames.contains(&PathBuf::from("pagefind-entry.json")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_meta")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_fragment")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_index")));
    }

    /// The files of an index of `pages`, added one by one with
    /// `add_html_file`, or read by a `PageReader` (fragments compressed
    /// as they are read) when `read` is true.
    async fn files_of(pages: &[(&str, &str)], max_fragments: Option<u32>, read: bool) -> Vec<SyntheticFile> {
        let builder = PagefindServiceConfig::builder().force_language("en".to_string());
        let options = match max_fragments {
            Some(max) => builder.max_fragments(max).build(),
            None => builder.build(),
        };
        let mut index = PagefindIndex::new(Some(options)).unwrap();
        if read {
            let reader = index.page_reader();
            let read = pages
                .iter()
                .map(|(path, html)| reader.read_html(Some(path.to_string()), None, html.to_string()).unwrap())
                .collect();
            index.add_fossicked_pages(read).await;
        } else {
            for (path, html) in pages {
                index.add_html_file(Some(path.to_string()), None, html.to_string()).await.unwrap();
            }
        }
        let mut files = index.into_files().await.unwrap();
        files.sort_by(|a, b| a.filename.cmp(&b.filename));
        files
    }

    #[tokio::test]
    async fn pages_read_ahead_give_the_same_files_with_and_without_bundled_fragments() {
        let pages = [
            ("a/index.html", "<html><body><h1 id=\"top\">Café care</h1><p>Planning ahead for care.</p><h2 id=\"more\">More</h2><p>Résumé of wishes.</p></body></html>"),
            ("b/index.html", "<html><body><h1>Lasting power of attorney</h1><p data-pagefind-filter=\"audience\">patient</p></body></html>"),
            ("c/index.html", "<html><body><h1>Resuscitation</h1><p>Care and frailty.</p></body></html>"),
            // Words in metadata only, in metadata and text, weighted, out
            // of order and repeated: what the index works out from packed
            // words must be what it works out from the words themselves.
            ("d/index.html", "<html><body data-pagefind-meta=\"author:Jane Café\"><p>care <strong>care</strong> plan care</p><h2>Plan</h2><p data-pagefind-weight=\"4\">wishes care</p><h1>Care plan</h1><p>café cafe</p></body></html>"),
        ];
        for max_fragments in [None, Some(2)] {
            let added = files_of(&pages, max_fragments, false).await;
            let read = files_of(&pages, max_fragments, true).await;
            let fragments = added.iter().filter(|f| f.filename.starts_with("fragment")).count();
            assert_eq!(fragments, if max_fragments.is_some() { 2 } else { 4 });
            assert_eq!(added.len(), read.len());
            for (a, r) in added.iter().zip(&read) {
                assert_eq!(a.filename, r.filename);
                assert!(a.contents == r.contents, "{:?} differs", a.filename);
            }
        }
    }
}
