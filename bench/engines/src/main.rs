//! Tera 2.4 against MiniJinja on careguide's page template (issue 22).
//!
//!     cargo run --release --example engine_contexts -- SITE /tmp/ctx.json 500   # in the repo
//!     cargo run --release -- /tmp/ctx.json [ROUNDS]                            # here
//!
//! Tera renders careguide's own templates/page.html, base.html and
//! components.html; MiniJinja renders the port in minijinja/ (components as
//! macros). Both get the same contexts (examples/engine_contexts.rs). The
//! outputs are compared with runs of whitespace collapsed, then each round
//! renders every page once with each engine (the order alternating between
//! rounds) and the median round times and their ratio are printed.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let json = std::fs::read_to_string(&args[1]).expect("contexts file");
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(15);
    let data: serde_json::Value = serde_json::from_str(&json).expect("contexts JSON");
    let globals = &data["globals"];
    let pages = data["pages"].as_array().expect("pages");
    let here = env!("CARGO_MANIFEST_DIR");
    let theme = format!("{here}/../../templates");

    // Tera, set up as careguide's render::engine does (autoescape, globals).
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html"]);
    let names = ["base.html", "page.html", "components.html", "footer-extra.html"];
    let sources: Vec<(String, String)> = names
        .iter()
        .map(|n| (n.to_string(), read(&format!("{theme}/{n}"))))
        .collect();
    tera.add_raw_templates(sources).expect("careguide's templates load in Tera");
    for key in ["site", "data", "search_enabled"] {
        tera.global_context().insert(key, &globals[key]);
    }
    let tera_ctx: Vec<tera::Context> = pages
        .iter()
        .map(|p| {
            let mut ctx = tera::Context::new();
            for key in ["root", "current_url", "today", "page"] {
                ctx.insert(key, &p[key]);
            }
            ctx
        })
        .collect();

    let mut env = minijinja::Environment::new();
    for n in names {
        env.add_template_owned(n, read(&format!("{here}/minijinja/{n}")))
            .expect("the MiniJinja port loads");
    }
    env.add_template("import-only.html", "{% import \"components.html\" as c %}")
        .expect("import-only");
    let mj_ctx: Vec<minijinja::Value> = pages
        .iter()
        .map(|p| {
            let mut all = globals.as_object().expect("globals").clone();
            for key in ["root", "current_url", "today", "page"] {
                all.insert(key.into(), p[key].clone());
            }
            minijinja::Value::from_serialize(&all)
        })
        .collect();

    let tera_page = |i: usize| {
        let mut out = Vec::with_capacity(32 * 1024);
        tera.render_to("page.html", &tera_ctx[i], &mut out).expect("Tera renders");
        out
    };
    let page = env.get_template("page.html").expect("page.html");
    let mj_page = |i: usize| page.render(&mj_ctx[i]).expect("MiniJinja renders").into_bytes();

    let mut differ = 0;
    for i in 0..pages.len() {
        if squash(&tera_page(i)) != squash(&mj_page(i)) {
            differ += 1;
            if differ == 1 {
                std::fs::write("/tmp/engines-tera.html", tera_page(i)).ok();
                std::fs::write("/tmp/engines-minijinja.html", mj_page(i)).ok();
            }
        }
    }
    // What the port pays for its components: MiniJinja evaluates an
    // imported template on every render (page.html and base.html each
    // import components.html).
    let import_only = env.get_template("import-only.html").expect("import-only");
    let start = Instant::now();
    for ctx in &mj_ctx {
        import_only.render(ctx).expect("renders");
    }
    let import_us = start.elapsed().as_secs_f64() / mj_ctx.len() as f64 * 1e6;
    println!("MiniJinja: importing components.html once costs {import_us:.1} µs a page");
    println!(
        "{} pages; outputs differ (whitespace collapsed) on {differ}{}",
        pages.len(),
        if differ > 0 { " (first: /tmp/engines-*.html)" } else { "" }
    );

    let (mut t, mut m, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let time = |f: &dyn Fn(usize) -> Vec<u8>| {
            let start = Instant::now();
            let bytes: usize = (0..pages.len()).map(|i| f(i).len()).sum();
            (start.elapsed().as_secs_f64(), bytes)
        };
        let (ts, ms) = if round % 2 == 0 {
            let a = time(&tera_page);
            (a, time(&mj_page))
        } else {
            let b = time(&mj_page);
            (time(&tera_page), b)
        };
        t.push(ts.0);
        m.push(ms.0);
        ratio.push(ts.0 / ms.0);
    }
    let n = pages.len() as f64;
    println!(
        "per page, median of {rounds} rounds: Tera {:.1} µs, MiniJinja {:.1} µs; Tera / MiniJinja (median of per-round ratios) {:.2}",
        median(&mut t) / n * 1e6,
        median(&mut m) / n * 1e6,
        median(&mut ratio)
    );
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Runs of whitespace collapsed, and the two escapes the engines write
/// differently made the same: MiniJinja writes `/` as `&#x2f;` (Tera
/// leaves it) and `'` as `&#x27;` (Tera: `&#39;`).
fn squash(html: &[u8]) -> String {
    let text = String::from_utf8_lossy(html)
        .replace("&#x2f;", "/")
        .replace("&#x27;", "&#39;");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
