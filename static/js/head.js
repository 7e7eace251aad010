// Loaded in <head>, before the page is drawn: marks the page as having
// JavaScript, so the phone menu (site.css, site.js) starts closed instead of
// showing its links and then snapping shut. A file, not an inline script:
// the Content Security Policy allows scripts from the site only.
document.documentElement.className += " js";
