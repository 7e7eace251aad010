//! Loading a whole site folder into one plain-data model, collecting every
//! problem on the way rather than stopping at the first.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::data::{self, DataFile};
use crate::content::load::load_page;
use crate::content::page::Page;
use crate::content::walk;
use crate::diagnostic::Diagnostic;
use crate::forms::Form;
use crate::source;

/// Where a template or static file came from: the binary's default theme or
/// the site's own folder (which overrides the default file by file).
#[derive(Debug, Clone)]
pub enum Origin {
    Embedded(&'static [u8]),
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Template {
    /// Path shown in errors, e.g. `templates/base.html` or `(built-in) base.html`.
    pub file: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// Published pages, sorted by path.
    pub pages: Vec<Page>,
    /// Paths (inside content/) of drafts left out of this build.
    pub drafts: HashSet<String>,
    /// Non-Markdown files in content/, published beside their pages.
    pub assets: Vec<walk::Found>,
    pub data: Vec<DataFile>,
    pub data_value: serde_json::Value,
    pub forms: Vec<Form>,
    pub templates: BTreeMap<String, Template>,
    pub statics: BTreeMap<String, Origin>,
    /// Section folder (`guide`, `` for the top) → index in `pages` of its
    /// own page, so breadcrumbs cost a look-up rather than a scan per page.
    pub section_pages: HashMap<String, usize>,
}

/// Load `root`. Every file is read and checked; all problems come back together.
pub fn load(root: &Path, options: &LoadOptions) -> Result<Site, Vec<Diagnostic>> {
    let mut config = SiteConfig::load(root)?;
    let mut errors = Vec::new();

    let (found, walk_errors) = walk::files(root, "content");
    errors.extend(walk_errors);
    let (md, assets): (Vec<_>, Vec<_>) = found.into_iter().partition(|f| f.rel.ends_with(".md"));
    let (pages, drafts) = read_pages(&md, &config, options, &mut errors);

    let (data, data_errors) = data::load(root);
    errors.extend(data_errors);
    let data_value = data::to_value(&data);
    config.check.plain_words =
        crate::text::words::Words::from_data(data.iter().map(|d| (d.name.as_str(), &d.value)));

    let (forms, form_errors) = load_forms(root);
    errors.extend(form_errors);

    let (templates, template_errors) = templates(root);
    errors.extend(template_errors);
    let (statics, static_errors) = statics(root);
    errors.extend(static_errors);
    // Outputs that would overwrite each other are found when the build
    // plans its outputs (`render::plan`), where every output path is known.

    if !errors.is_empty() {
        return Err(errors);
    }
    let section_pages = section_pages(&pages);
    Ok(Site {
        root: root.to_path_buf(),
        config,
        pages,
        drafts,
        assets,
        data,
        data_value,
        forms,
        templates,
        statics,
        section_pages,
    })
}

/// Parse every page of content/ in parallel. Returns the published pages
/// and the paths of drafts left out; problems go to `errors`.
fn read_pages(
    md: &[walk::Found],
    config: &SiteConfig,
    options: &LoadOptions,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Page>, HashSet<String>) {
    let parsed: Vec<Result<Page, Vec<Diagnostic>>> = md
        .par_iter()
        .map(|f| {
            let shown = format!("content/{}", f.rel);
            load_page(&shown, &f.rel, &config.review, || std::fs::read(&f.path))
        })
        .collect();
    let mut pages = Vec::new();
    let mut drafts = HashSet::new();
    for p in parsed {
        match p {
            Ok(p) if p.meta.draft && !options.drafts => {
                drafts.insert(p.rel_path.clone());
            }
            Ok(p) => pages.push(p),
            Err(e) => errors.extend(e),
        }
    }
    (pages, drafts)
}

/// Section folder → index in `pages` of the section's own page.
fn section_pages(pages: &[Page]) -> HashMap<String, usize> {
    pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let dir = p.rel_path.strip_suffix("_index.md")?;
            (dir.is_empty() || dir.ends_with('/'))
                .then(|| (dir.trim_end_matches('/').to_string(), i))
        })
        .collect()
}

/// Every `forms/*.yaml`, parsed and validated; two forms may not share an id.
fn load_forms(root: &Path) -> (Vec<Form>, Vec<Diagnostic>) {
    let (found, mut errors) = walk::files(root, "forms");
    let mut forms: Vec<Form> = Vec::new();
    for f in found {
        if !(f.rel.ends_with(".yaml") || f.rel.ends_with(".yml")) {
            continue;
        }
        let shown = format!("forms/{}", f.rel);
        let text = match std::fs::read(&f.path)
            .map_err(|e| Diagnostic::error(&shown, format!("cannot read this file: {e}")))
            .and_then(|b| source::decode(&shown, &b))
        {
            Ok(t) => t,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        match crate::forms::load(&shown, &text) {
            Ok(form) => {
                if let Some(other) = forms.iter().find(|o| o.id == form.id) {
                    // Point at the `id:` key (a valid form has one at the top level).
                    let id = crate::yaml::Spans::of(&text)
                        .key("id")
                        .unwrap_or(crate::yaml::Span::new(1, 1));
                    errors.push(
                        Diagnostic::error(
                            &shown,
                            format!("form id `{}` is already used by another form", form.id),
                        )
                        .at(&text, id.line, id.column)
                        .width(2)
                        .hint(format!(
                            "each form needs its own id; the other one is `{}`",
                            other.title
                        )),
                    );
                } else {
                    forms.push(form);
                }
            }
            Err(e) => errors.extend(e),
        }
    }
    (forms, errors)
}

/// The default templates with the site's own templates laid over them.
pub(crate) fn templates(root: &Path) -> (BTreeMap<String, Template>, Vec<Diagnostic>) {
    let mut map = BTreeMap::new();
    for (name, bytes) in crate::embedded::TEMPLATES {
        map.insert(
            name.to_string(),
            Template {
                file: format!("(built-in) templates/{name}"),
                text: String::from_utf8_lossy(bytes).into_owned(),
            },
        );
    }
    let (found, mut errors) = walk::files(root, "templates");
    for f in found {
        let shown = format!("templates/{}", f.rel);
        match std::fs::read(&f.path)
            .map_err(|e| Diagnostic::error(&shown, format!("cannot read this file: {e}")))
            .and_then(|b| source::decode(&shown, &b))
        {
            Ok(text) => {
                map.insert(f.rel.clone(), Template { file: shown, text });
            }
            Err(d) => errors.push(d),
        }
    }
    (map, errors)
}

fn statics(root: &Path) -> (BTreeMap<String, Origin>, Vec<Diagnostic>) {
    let mut map: BTreeMap<String, Origin> = crate::embedded::STATIC
        .iter()
        .map(|(n, b)| (format!("static/{n}"), Origin::Embedded(b)))
        .collect();
    let (found, errors) = walk::files(root, "static");
    for f in found {
        map.insert(format!("static/{}", f.rel), Origin::File(f.path));
    }
    (map, errors)
}

impl Site {
    /// The site's own page for a section folder (`guide` → `guide/_index.md`).
    pub fn section_index(&self, section: &str) -> Option<&Page> {
        self.section_pages.get(section).map(|&i| &self.pages[i])
    }
}
