//! External links: listed by default, checked over the network only with
//! `careguide check --external`.
//!
//! Network checks are opt-in because they are slow, flaky (a site that is
//! down for an hour is not the author's fault) and must never make a build
//! depend on someone else's server. So problems are warnings under the
//! `links` rule, located at the first place each address is used.
//!
//! Politeness: one request at a time per host (several hosts at once), a
//! `HEAD` first and a `GET` only when the host refuses `HEAD`, a timeout on
//! every request, and redirects followed a few steps so a link that now
//! leads to a "page not found" is caught.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::site::Site;

/// Findings from this module belong to the links rule.
pub const RULE: crate::rule::Rule = crate::rule::Rule::Links;

/// The timeout `--external` uses for each request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Hosts checked at the same time (requests to one host are never parallel).
const PARALLEL_HOSTS: usize = 8;

/// An external address and the first place the site uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub file: String,
    /// 1-based line and column of the first use.
    pub line: usize,
    pub column: usize,
    pub width: usize,
    /// The text of that line, for the snippet.
    pub source_line: Option<String>,
}

impl ExternalLink {
    fn warning(&self, message: String) -> Diagnostic {
        let mut d = Diagnostic::warning(&self.file, message)
            .rule(RULE)
            .width(self.width);
        d.line = self.line;
        d.column = self.column;
        d.source_line = self.source_line.clone();
        d
    }
}

fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Every external address in the pages' bodies and their `sources`, sorted
/// by address, each with its first use (in page order, then position).
pub fn collect(site: &Site, markdown: &[Rendered]) -> Vec<ExternalLink> {
    let mut first: BTreeMap<&str, ExternalLink> = BTreeMap::new();
    for (p, r) in site.pages.iter().zip(markdown) {
        let front = p.front();
        let mut uses: Vec<(usize, &str, usize)> = Vec::new(); // (offset, url, width)
        let mut from = 0;
        for s in p.meta.sources.iter().filter(|s| is_external(&s.url)) {
            // Sources are in the front matter, in order; search from the
            // previous one so a repeated address finds its own line.
            let at = front[from..]
                .find(s.url.as_str())
                .map(|i| from + i)
                .or_else(|| front.find(s.url.as_str()));
            if let Some(at) = at {
                from = at + s.url.len();
            }
            uses.push((at.unwrap_or(0), &s.url, s.url.chars().count()));
        }
        for l in r.links.iter().filter(|l| is_external(&l.dest)) {
            uses.push((
                p.body_offset + l.offset,
                &l.dest,
                l.text.chars().count() + 2,
            ));
        }
        uses.sort_by_key(|u| u.0);
        for (offset, url, width) in uses {
            first.entry(url).or_insert_with(|| {
                // `check` keeps every page's text; were one released,
                // a use in its body is shown at the top of the page.
                let d = match p.text() {
                    Ok(text) => Diagnostic::warning(&p.file, "").at_offset(text, offset),
                    Err(_) => Diagnostic::warning(&p.file, "").at(front, 1, 1),
                };
                ExternalLink {
                    url: url.to_string(),
                    file: p.file.clone(),
                    line: d.line,
                    column: d.column,
                    width,
                    source_line: d.source_line,
                }
            });
        }
    }
    first.into_values().collect()
}

/// The host part of a URL, lower-cased, for grouping requests.
fn host(url: &str) -> String {
    let after = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.to_ascii_lowercase()
}

/// What happened when an address was requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The final HTTP status (after redirects).
    Status(u16),
    /// No answer: the reason, in words.
    Failed(String),
}

/// Whether `ip` is an address on the public internet: not loopback,
/// private, link-local (169.254.169.254 is the cloud metadata service),
/// shared (carrier NAT), multicast, documentation or otherwise reserved.
/// A link checker run on a laptop or a CI machine must not be steered by a
/// page into requests to the machine itself or its network.
pub fn is_public(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (18..20).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            // NAT64 (64:ff9b::/96) carries an IPv4 address: judge that one.
            if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let [a, b] = s[6].to_be_bytes();
                let [c, d] = s[7].to_be_bytes();
                return is_public(IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, d)));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8)) // documentation
        }
    }
}

/// Resolves names as usual, then keeps only public addresses (unless
/// private ones are allowed). Checking the resolved address, not the name,
/// also covers names that resolve to 127.0.0.1, and redirects: every hop
/// is resolved here before ureq connects.
#[derive(Debug, Default)]
struct PublicOnly {
    inner: ureq::unversioned::resolver::DefaultResolver,
}

impl ureq::unversioned::resolver::Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let all = self.inner.resolve(uri, config, timeout)?;
        let mut public = self.empty();
        public.truncate(0);
        for addr in all.iter().filter(|a| is_public(a.ip())) {
            public.push(*addr);
        }
        match (public.is_empty(), all.first()) {
            (true, Some(addr)) => Err(ureq::Error::Io(std::io::Error::other(format!(
                "{PRIVATE} {} ({})",
                uri.host().unwrap_or(""),
                addr.ip()
            )))),
            _ => Ok(public),
        }
    }
}

/// The start of the reason given for a refused private address.
const PRIVATE: &str = "not requested: a private or local address,";

/// Request every link and return a warning for each that does not answer
/// with a 2xx or 3xx status. `timeout` bounds each request. Addresses that
/// resolve only to loopback, private, link-local or reserved addresses are
/// not requested (a warning says so) unless `allow_private` is set
/// (`--external-allow-private`, for intranet sites).
pub fn check(links: &[ExternalLink], timeout: Duration, allow_private: bool) -> Vec<Diagnostic> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .max_redirects_will_error(false)
        .user_agent(concat!("careguide-link-check/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent: ureq::Agent = if allow_private {
        config.into()
    } else {
        ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::default(),
            PublicOnly::default(),
        )
    };
    let mut by_host: BTreeMap<String, Vec<&ExternalLink>> = BTreeMap::new();
    for l in links {
        by_host.entry(host(&l.url)).or_default().push(l);
    }
    let groups: Vec<Vec<&ExternalLink>> = by_host.into_values().collect();
    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL_HOSTS.min(groups.len()) {
            scope.spawn(|| {
                // Each worker takes whole hosts, so one host never sees two
                // requests at once.
                while let Some(group) = groups.get(next.fetch_add(1, Ordering::Relaxed)) {
                    for link in group {
                        if let Some(d) = diagnose(link, request(&agent, &link.url), timeout) {
                            found.lock().unwrap_or_else(|e| e.into_inner()).push(d);
                        }
                    }
                }
            });
        }
    });
    found.into_inner().unwrap_or_else(|e| e.into_inner())
}

fn diagnose(link: &ExternalLink, outcome: Outcome, timeout: Duration) -> Option<Diagnostic> {
    let hint = "open the address in a browser; if the page has moved or gone, update or remove the link (a site can also be down for a while: check again later)";
    match outcome {
        Outcome::Status(s) if (200..400).contains(&s) => None,
        Outcome::Status(s) => {
            let reason = ureq::http::StatusCode::from_u16(s)
                .ok()
                .and_then(|c| c.canonical_reason())
                .map_or(String::new(), |r| format!(" {r}"));
            Some(
                link.warning(format!("external link {} answered {s}{reason}", link.url))
                    .hint(hint),
            )
        }
        Outcome::Failed(why) => Some(
            link.warning(format!(
                "external link {} could not be reached: {why}",
                link.url
            ))
            .hint(if why.starts_with(PRIVATE) {
                "careguide does not request addresses on this computer or its network unless you pass --external-allow-private (for intranet sites)".to_string()
            } else if why.starts_with("no answer") {
                format!(
                    "the site did not answer within {} s; {hint}",
                    timeout.as_secs_f64()
                )
            } else {
                hint.to_string()
            }),
        ),
    }
}

/// `HEAD`, then `GET` if the host does not answer `HEAD` with success (some
/// servers refuse or mishandle it). A timeout is not retried: a host that
/// is that slow would only cost another full timeout.
pub fn request(agent: &ureq::Agent, url: &str) -> Outcome {
    match agent.head(url).call() {
        Ok(r) if (200..400).contains(&r.status().as_u16()) => {
            return Outcome::Status(r.status().as_u16());
        }
        Err(e @ ureq::Error::Timeout(_)) => return failed(&e),
        _ => {}
    }
    match agent.get(url).call() {
        // The body is not read: the status is all we need.
        Ok(r) => Outcome::Status(r.status().as_u16()),
        Err(e) => failed(&e),
    }
}

fn failed(e: &ureq::Error) -> Outcome {
    Outcome::Failed(match e {
        ureq::Error::Timeout(_) => "no answer in time".into(),
        ureq::Error::HostNotFound => "the host name was not found".into(),
        ureq::Error::ConnectionFailed => "the connection was refused".into(),
        // A failed DNS lookup comes back as an I/O error.
        ureq::Error::Io(io) if io.to_string().contains("lookup address") => {
            "the host name was not found".into()
        }
        ureq::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_group_case_insensitively_without_user_or_path() {
        assert_eq!(host("https://WWW.nhs.uk/conditions"), "www.nhs.uk");
        assert_eq!(host("http://user@example.org:8080?q"), "example.org:8080");
        assert_eq!(host("nonsense"), "nonsense");
    }

    /// Issue 19, finding 9.
    #[test]
    fn private_and_local_addresses_are_not_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "224.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "151.101.0.1",
            "8.8.8.8",
            "2a00:1450:4009::1",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn only_http_and_https_are_external() {
        assert!(is_external("https://x.org"));
        assert!(is_external("HTTP://x.org"));
        assert!(!is_external("mailto:a@b.org"));
        assert!(!is_external("guide/lpa.md"));
        assert!(!is_external("é"));
    }
}
