//! Range and shape checks for `site.yaml` values that parse but cannot be
//! used: a language that is not a language tag, a `base_url` that is not a
//! web address, numbers that overflow date arithmetic or switch a rule off.
//! Each is an error pointing at its key. No setting may steer a file path:
//! the language ends up in the search index's file names, so it must be a
//! plain BCP 47 tag.

use super::{FILE_NAME, SiteConfig, at_key};
use crate::diagnostic::Diagnostic;

/// Longest review period: twenty years (jiff refuses spans near 20,000 years).
pub const MAX_PERIOD_MONTHS: u32 = 240;
/// Longest "due soon" warning: ten years.
pub const MAX_DUE_SOON_DAYS: u32 = 3660;
/// Highest grade accepted: Flesch-Kincaid grades of very long sentences
/// pass 20, and a site may set a loose limit, but never no limit at all.
pub const MAX_GRADE: f64 = 100.0;
/// Longest summary limit, in characters.
pub const MAX_SUMMARY: usize = 10_000;
/// Longest language tag accepted. RFC 5646 allows longer ones, but pagefind
/// names its index files after the language plus a slice of a hash as long
/// as the language, and panics on tags of about 30 characters (measured:
/// 28 built, 31 panicked in pagefind 1.6); real tags are far shorter.
pub const MAX_LANGUAGE: usize = 24;

/// Every problem with `config`'s values, each pointing at its key.
pub fn check(config: &SiteConfig) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut err = |key: &str, message: String, hint: &str| {
        errors.push(at_key(Diagnostic::error(FILE_NAME, message), config, key).hint(hint));
    };
    if !is_language_tag(&config.language) {
        err(
            "language",
            format!(
                "language must be a language tag such as `en-GB`, not {:?}",
                crate::diagnostic::shorten(&config.language, 40)
            ),
            "write a BCP 47 tag: a language code, then an optional script and region, e.g. `en-GB`, `cy`, `pa-Guru-IN`",
        );
    }
    if let Err(problem) = base_url_problem(config.base_url.trim()) {
        err(
            "base_url",
            format!("base_url must be a full web address: {problem}"),
            "write it like `base_url: https://example.org/acp/`",
        );
    }
    check_review(config, &mut err);
    check_check(config, &mut err);
    errors
}

/// The review policy's periods, within what date arithmetic can hold.
fn check_review(config: &SiteConfig, err: &mut impl FnMut(&str, String, &str)) {
    let review = &config.review;
    if review.period_months > MAX_PERIOD_MONTHS {
        err(
            "review.period_months",
            format!(
                "review.period_months is {}, more than {MAX_PERIOD_MONTHS} (twenty years)",
                review.period_months
            ),
            "three years (36 months) is common practice",
        );
    }
    if review.due_soon_days > MAX_DUE_SOON_DAYS {
        err(
            "review.due_soon_days",
            format!(
                "review.due_soon_days is {}, more than {MAX_DUE_SOON_DAYS} (ten years)",
                review.due_soon_days
            ),
            "60 days gives authors two months' notice",
        );
    }
}

/// `check:` limits that leave a rule something to check.
fn check_check(config: &SiteConfig, err: &mut impl FnMut(&str, String, &str)) {
    let check = &config.check;
    let grade = check.max_reading_grade;
    if !(grade.is_finite() && (0.0..=MAX_GRADE).contains(&grade)) {
        err(
            "check.max_reading_grade",
            format!("check.max_reading_grade must be a number from 0 to {MAX_GRADE}, not {grade}"),
            "NHS patient information aims for grade 8 or lower (a reading age of 9 to 11)",
        );
    }
    if check.summary_max > MAX_SUMMARY {
        err(
            "check.summary_max",
            format!(
                "check.summary_max is {}, more than {MAX_SUMMARY} characters",
                check.summary_max
            ),
            "a summary is a sentence or two; 200 characters is the default",
        );
    } else if check.summary_min > check.summary_max {
        err(
            "check.summary_min",
            format!(
                "check.summary_min ({}) is more than check.summary_max ({})",
                check.summary_min, check.summary_max
            ),
            "no summary could pass both limits; lower summary_min or raise summary_max",
        );
    }
}

/// Whether `tag` is a well-formed BCP 47 language tag of the common shape:
/// language (2-3 letters), optional script (4 letters), optional region (2
/// letters or 3 digits), then variants (5-8 letters or digits, or 4
/// starting with a digit). Only ASCII letters, digits and hyphens can pass.
pub fn is_language_tag(tag: &str) -> bool {
    if tag.is_empty() || tag.len() > MAX_LANGUAGE {
        return false;
    }
    let mut parts = tag.split('-').peekable();
    let Some(language) = parts.next() else {
        return false;
    };
    if !((2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_alphabetic())) {
        return false;
    }
    if let Some(script) = parts.peek()
        && script.len() == 4
        && script.bytes().all(|b| b.is_ascii_alphabetic())
    {
        parts.next();
    }
    if let Some(region) = parts.peek()
        && ((region.len() == 2 && region.bytes().all(|b| b.is_ascii_alphabetic()))
            || (region.len() == 3 && region.bytes().all(|b| b.is_ascii_digit())))
    {
        parts.next();
    }
    parts.all(|variant| {
        let alnum = variant.bytes().all(|b| b.is_ascii_alphanumeric());
        alnum
            && ((5..=8).contains(&variant.len())
                || (variant.len() == 4 && variant.as_bytes()[0].is_ascii_digit()))
    })
}

/// What is wrong with `url` as the site's address, if anything: it must be
/// http(s), name a host, and hold no spaces, control characters, quotes,
/// angle brackets, user names, queries or fragments (it is copied into
/// robots.txt, the sitemap, the feed and HTML).
pub fn base_url_problem(url: &str) -> Result<(), String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err("it has no `https://`".into());
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(format!("it starts with `{scheme}://`, not `https://`"));
    }
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\^`{|}".contains(*c))
    {
        return Err(format!("it contains {c:?}"));
    }
    if url.contains(['?', '#']) {
        return Err("it has a query or fragment (`?` or `#`)".into());
    }
    let authority = rest.split('/').next().unwrap_or("");
    if authority.contains('@') {
        return Err("it names a user (`@`)".into());
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((ip, port)) if ip.parse::<std::net::Ipv6Addr>().is_ok() => {
                check_port(port)?;
                return Ok(());
            }
            _ => return Err("its IPv6 address is not valid".into()),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => {
                check_port(&format!(":{port}"))?;
                host
            }
            None => authority,
        }
    };
    if host.is_empty() {
        return Err("it names no host".into());
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if host.len() > 253 || !host.trim_end_matches('.').split('.').all(label_ok) {
        return Err(format!("`{host}` is not a host name"));
    }
    Ok(())
}

fn check_port(port: &str) -> Result<(), String> {
    match port.strip_prefix(':') {
        None if port.is_empty() => Ok(()),
        Some(p) if !p.is_empty() && p.parse::<u16>().is_ok_and(|n| n > 0) => Ok(()),
        _ => Err(format!("`{port}` is not a port")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for good in [
            "en",
            "en-GB",
            "cy",
            "pa-Guru-IN",
            "es-419",
            "de-CH-1996",
            "sl-rozaj-biske",
        ] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in [
            "",
            "a/../../../../outside",
            "english",
            "en_GB",
            "en-GB ",
            "e",
            "en--GB",
            "en-GB-",
            "abcdefghijklmnopqrstuvwxyz01234",
            "en-Latn-GB-abcdefgh-ijklmnop-qr",
            "en-\u{1b}[31m",
        ] {
            assert!(!is_language_tag(bad), "{bad:?}");
        }
    }

    #[test]
    fn base_urls() {
        for good in [
            "https://example.org/acp/",
            "http://localhost:8000/",
            "https://[::1]:8443/x/",
            "https://nhs.uk",
        ] {
            assert_eq!(base_url_problem(good), Ok(()), "{good}");
        }
        for bad in [
            "https://",
            "https:///acp/",
            "https://exa mple.org/",
            "https://example.org/\nSitemap: https://evil.example/",
            "https://example.org/a b/",
            "ftp://example.org/",
            "https://user@example.org/",
            "https://example.org/?q=1",
            "https://example.org:99999/",
            "https://<x>/",
        ] {
            assert!(base_url_problem(bad).is_err(), "{bad:?}");
        }
    }
}
