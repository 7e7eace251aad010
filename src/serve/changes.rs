//! [`ChangeSet`]: what the watcher saw change, by top-level folder of the
//! site, handed to the core's `rebuild` closure so that it redoes only what
//! those folders feed.

use std::path::PathBuf;

/// What changed on disk since the last build, classified by top-level folder of the site root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// Changed files and folders: absolute, under the canonicalized site root, sorted.
    pub paths: Vec<PathBuf>,
    /// site.yaml
    pub config: bool,
    /// content/
    pub content: bool,
    /// data/
    pub data: bool,
    /// forms/
    pub forms: bool,
    /// templates/
    pub templates: bool,
    /// static/
    pub statics: bool,
    /// Events may have been missed (a new folder, or the watcher said so):
    /// re-read the folders flagged rather than trusting `paths` alone.
    pub rescan: bool,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
            && !(self.config
                || self.content
                || self.data
                || self.forms
                || self.templates
                || self.statics
                || self.rescan)
    }

    /// Everything may have changed.
    pub fn mark_all(&mut self) {
        self.config = true;
        self.content = true;
        self.data = true;
        self.forms = true;
        self.templates = true;
        self.statics = true;
        self.rescan = true;
    }

    /// Fold a later change set into this one.
    pub fn merge(&mut self, other: ChangeSet) {
        self.paths.extend(other.paths);
        self.paths.sort();
        self.paths.dedup();
        self.config |= other.config;
        self.content |= other.content;
        self.data |= other.data;
        self.forms |= other.forms;
        self.templates |= other.templates;
        self.statics |= other.statics;
        self.rescan |= other.rescan;
    }
}
