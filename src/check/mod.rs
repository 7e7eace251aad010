//! Content governance rules. The rules in `build_rules` also run inside
//! `careguide build`: their errors fail the build, their warnings are printed.

use jiff::civil::Date;

use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::site::Site;

pub fn build_rules(_site: &Site, _markdown: &[Rendered], _as_of: Date) -> Vec<Diagnostic> {
    Vec::new()
}
