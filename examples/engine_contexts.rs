//! Writes the template contexts of a site's ordinary pages (those rendered
//! with page.html) as JSON, for bench/engines, which times Tera against
//! MiniJinja on the real page template (issue 22):
//!
//!     cargo run --example engine_contexts -- SITE_DIR OUT.json [MAX_PAGES]
//!
//! OUT.json is `{"globals": {...}, "pages": [{...}, ...]}`: the globals are
//! what `render::engine` puts in Tera's global context (`site`, `data`,
//! `search_enabled`), each page what `Renderer::render` inserts (`root`,
//! `current_url`, `today`, `page`).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: engine_contexts SITE_DIR OUT.json [MAX_PAGES]");
        std::process::exit(2);
    }
    let max: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(500);
    let as_of: jiff::civil::Date = "2026-11-25".parse().expect("a valid date");
    let options = careguide::site::LoadOptions { drafts: false };
    let loaded = careguide::site::load(std::path::Path::new(&args[1]), &options);
    let site = loaded.unwrap_or_else(|e| fail(e));
    let built = careguide::pipeline::render_site(site, as_of).unwrap_or_else(|e| fail(e));
    let site = &built.site;
    let mut view = serde_json::to_value(&site.config).expect("the settings serialise");
    view["nav"] = serde_json::to_value(careguide::render::context::nav(site)).expect("nav");
    view["base_path"] = site.config.base_path().into();
    view["has_forms"] = (!site.forms.is_empty()).into();
    let globals = serde_json::json!({
        "site": view,
        "data": site.data_value,
        "search_enabled": site.config.search,
    });
    let mut pages = Vec::new();
    for (page, rendered) in site.pages.iter().zip(&built.markdown) {
        if page.is_index || page.url.is_empty() || page.meta.template.is_some() {
            continue;
        }
        let view = careguide::render::context::page_view(site, page, rendered);
        pages.push(serde_json::json!({
            "root": careguide::render::context::root_for(&page.url),
            "current_url": page.url,
            "today": as_of.to_string(),
            "page": view,
        }));
        if pages.len() == max {
            break;
        }
    }
    let out = serde_json::json!({ "globals": globals, "pages": pages });
    std::fs::write(&args[2], out.to_string()).expect("cannot write the contexts");
    eprintln!("{} page contexts written to {}", pages.len(), args[2]);
}

fn fail(errors: Vec<careguide::diagnostic::Diagnostic>) -> ! {
    for e in errors {
        eprintln!("{}", e.render(false));
    }
    std::process::exit(1);
}
