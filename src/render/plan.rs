//! Every output of a build, decided before anything renders: each output
//! path is claimed by exactly one [`Job`], and a path claimed twice (two
//! pages with one URL, a page or file where careguide writes something of
//! its own, paths that differ only in case, a file where another output
//! needs a folder) is a located error at the author's file, naming what
//! else claims it. `build`, `check` and the preview all render a [`Plan`],
//! so none of them can write one output over another.

use crate::content::ids::{PageId, PerPage};
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::site::Site;
use crate::urls::{A_TO_Z_URL, SEARCH_DIR, SEARCH_PAGE_URL, print_url};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// A page of content/.
    Page(PageId),
    /// A form's printable page, by index into `site.forms`.
    Form(usize),
    /// A form's FHIR Questionnaire.
    Questionnaire(usize),
    /// The CodeSystem of a form's own answer codes.
    CodeSystem(usize),
    FormsIndex,
    /// The A to Z index of pages, topics and forms, at `A_TO_Z_URL`.
    AtoZ,
    /// One letter's page of a split A to Z, by slot (see `render::atoz`).
    AtoZLetter(usize),
    /// The combined print view of a section, by the section's own page
    /// (which sets `print_view: true`).
    SectionPrint(PageId),
    NotFound,
    /// The search results page (`search/`), which the header's search box
    /// submits to; only in a build with a search index.
    Search,
    Sitemap,
    Robots,
    Feed,
    /// `review-schedule.csv`: pages by next review date, for authors; only
    /// when `review.schedule_csv` is set in site.yaml.
    ReviewSchedule,
    /// A file of static/, by its output path.
    Static(String),
    /// A non-Markdown file of content/, by index into `site.assets`.
    Asset(usize),
}

impl Job {
    /// The path inside the output folder this job writes.
    pub fn output_path(&self, site: &Site) -> String {
        match self {
            Job::Page(i) => format!("{}index.html", site.pages[*i].url),
            Job::Form(i) => format!("forms/{}/index.html", site.forms[*i].id),
            Job::Questionnaire(i) => format!("forms/{}/questionnaire.json", site.forms[*i].id),
            Job::CodeSystem(i) => format!("forms/{}/codesystem.json", site.forms[*i].id),
            Job::FormsIndex => "forms/index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Search => format!("{SEARCH_PAGE_URL}index.html"),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
            Job::Feed => "feed.xml".into(),
            Job::ReviewSchedule => "review-schedule.csv".into(),
            Job::Static(path) => path.clone(),
            Job::Asset(i) => site.assets[*i].rel.clone(),
            Job::AtoZ => format!("{A_TO_Z_URL}index.html"),
            Job::AtoZLetter(slot) => {
                format!(
                    "{A_TO_Z_URL}{}/index.html",
                    crate::render::atoz::slot_slug(*slot)
                )
            }
            Job::SectionPrint(i) => format!("{}index.html", print_url(&site.pages[*i].url)),
        }
    }
}

/// The outputs of a build, in the order they are best rendered: the ones
/// built from the whole site (the A to Z, print views, sitemap, feed) come
/// first, as each is one long job, and started early they run beside the
/// pages instead of after them. No two write the same path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    jobs: Vec<Job>,
}

impl Plan {
    /// Plan every output of `site`, or every collision among them. The
    /// letter pages of a split A to Z depend on the pages' headings, so they
    /// are added by [`Plan::with_atoz_letters`] once the Markdown is
    /// rendered; they live in the A to Z's own folder, which no page or
    /// file may take, so they cannot collide.
    pub fn new(site: &Site) -> Result<Plan, Vec<Diagnostic>> {
        let jobs = all_jobs(site);
        let errors = crate::render::claims::collisions(site, &jobs);
        if errors.is_empty() {
            Ok(Plan { jobs })
        } else {
            Err(errors)
        }
    }

    /// The plan with the A to Z's letter pages (when it is split) right
    /// after its index, replacing any planned before.
    pub fn with_atoz_letters(mut self, site: &Site, markdown: &PerPage<Rendered>) -> Plan {
        self.jobs.retain(|j| !matches!(j, Job::AtoZLetter(_)));
        let at = self
            .jobs
            .iter()
            .position(|j| *j == Job::AtoZ)
            .map_or(0, |i| i + 1);
        let letters = atoz_jobs(site, markdown).into_iter().skip(1);
        self.jobs.splice(at..at, letters);
        self
    }

    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// The planned outputs that `keep` accepts, in plan order: what the
    /// preview renders again after an edit.
    pub fn only(&self, keep: impl Fn(&Job) -> bool) -> Plan {
        Plan {
            jobs: self.jobs.iter().filter(|j| keep(j)).cloned().collect(),
        }
    }

    pub fn contains(&self, job: &Job) -> bool {
        self.jobs.contains(job)
    }
}

/// Every output of the site but the A to Z's letter pages, in plan order.
fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::AtoZ];
    jobs.extend(
        site.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_index && p.meta.print_view)
            .map(|(i, _)| Job::SectionPrint(PageId::new(i))),
    );
    jobs.extend(listing_jobs(site));
    jobs.extend(PageId::all(site.pages.len()).map(Job::Page));
    for i in 0..site.forms.len() {
        jobs.push(Job::Form(i));
        jobs.push(Job::Questionnaire(i));
        if crate::forms::has_own_codes(&site.forms[i]) {
            jobs.push(Job::CodeSystem(i));
        }
    }
    if !site.forms.is_empty() {
        jobs.push(Job::FormsIndex);
    }
    jobs.extend([Job::NotFound, Job::Robots]);
    if cfg!(feature = "search") {
        jobs.push(Job::Search);
    }
    jobs.extend(site.statics.keys().cloned().map(Job::Static));
    jobs.extend((0..site.assets.len()).map(Job::Asset));
    jobs
}

/// The outputs that list every page by its front matter: the sitemap, the
/// feed and, when site.yaml asks for it, the review schedule (it names
/// source files, so it is not published by default).
fn listing_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Sitemap, Job::Feed];
    if site.config.review.schedule_csv {
        jobs.push(Job::ReviewSchedule);
    }
    jobs
}

/// The A to Z's outputs: its index, and a page per letter with entries
/// when it is split.
pub fn atoz_jobs(site: &Site, markdown: &[Rendered]) -> Vec<Job> {
    let counts = crate::render::atoz::counts(site, markdown);
    let mut jobs = vec![Job::AtoZ];
    if crate::render::atoz::is_split(&counts) {
        jobs.extend(
            (0..counts.len())
                .filter(|&s| counts[s] > 0)
                .map(Job::AtoZLetter),
        );
    }
    jobs
}

/// Where the search index goes, for the collision check: a folder of
/// files named by pagefind, only in a build that makes one.
pub(crate) fn search_dir(site: &Site) -> Option<&'static str> {
    (cfg!(feature = "search") && site.config.search).then_some(SEARCH_DIR)
}
