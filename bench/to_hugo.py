#!/usr/bin/env python3
"""Turn a careguide corpus (bench/corpus.py) into a Hugo site, for timing.

    python3 bench/to_hugo.py CORPUS HUGO_SITE

The pages are Hugo's format already (YAML front matter; Hugo keeps unknown
keys such as `audience` and `sources` as page params), so the content folder
is linked, not copied. What the converter adds is the least Hugo needs to do
the same job as careguide: a config, minimal templates (a page with its
table of contents and sources, a section list with summaries, a home page)
and a link render hook that turns `other.md#anchor` links into page URLs.
Left out on purpose: taxonomies (careguide has none). Hugo 0.111 has no
GitHub alerts: they render as plain blockquotes.
"""

import os
import shutil
import sys

CONFIG = """\
baseURL = "https://bench.example.org/"
title = "Planning ahead (benchmark corpus)"
languageCode = "en-GB"
disableKinds = ["taxonomy", "term"]
contentDir = "{content}"
[markup.goldmark.renderer]
unsafe = false
[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title>
<meta name="description" content="{{ .Params.summary }}">
<meta name="audience" content="{{ .Params.audience }}"></head>
<body>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>Published by careguide benchmark corpus</p></footer>
</body>
</html>
"""

# The article marks the text and the audience filter the way careguide's
# page.html does, so that the Pagefind CLI, run on Hugo's output
# (bench/run.sh's hugo+pagefind), indexes the same text.
SINGLE = """\
{{ define "main" }}
<article data-pagefind-body data-pagefind-filter="audience:{{ .Params.audience }}">
<nav aria-label="Contents">{{ .TableOfContents }}</nav>
{{ .Content }}
<ul>{{ range .Params.sources }}<li><a href="{{ .url }}">{{ .title }}</a></li>{{ end }}</ul>
<p>Page last reviewed: {{ .Params.last_reviewed }}</p>
</article>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<article data-pagefind-body data-pagefind-filter="audience:{{ .Params.audience }}">
{{ .Content }}
<ul>{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>
</article>
{{ end }}
"""

# `x.md#a` and `../s/x.md#a` become the target page's URL (plus anchor).
RENDER_LINK = """\
{{- $u := urls.Parse .Destination -}}
{{- $href := .Destination -}}
{{- if and (not $u.IsAbs) (strings.HasSuffix $u.Path ".md") -}}
{{- with .Page.GetPage (path.Join .Page.File.Dir $u.Path) -}}
{{- $href = .RelPermalink -}}
{{- if $u.Fragment }}{{ $href = printf "%s#%s" $href $u.Fragment }}{{ end -}}
{{- else -}}{{- errorf "broken link %s in %s" $u.Path $.Page.File.Path -}}{{- end -}}
{{- end -}}
<a href="{{ $href }}">{{ .Text | safeHTML }}</a>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, site = (os.path.abspath(a) for a in sys.argv[1:])
    if os.path.exists(site):
        shutil.rmtree(site)
    write(os.path.join(site, "config.toml"),
          CONFIG.format(content=os.path.join(corpus, "content")))
    layouts = os.path.join(site, "layouts")
    write(os.path.join(layouts, "_default", "baseof.html"), BASEOF)
    write(os.path.join(layouts, "_default", "single.html"), SINGLE)
    write(os.path.join(layouts, "_default", "list.html"), LIST)
    write(os.path.join(layouts, "index.html"), LIST)
    write(os.path.join(layouts, "_default", "_markup", "render-link.html"), RENDER_LINK)
    print(f"hugo site at {site}")


if __name__ == "__main__":
    main()
