#!/usr/bin/env bash
# Publish a starter site in a sub-folder (/sub/) of a local nginx and Apache,
# configured as docs/publishing.md says, and check every link of each over
# HTTP, and that a missing page gets the site's own 404 page.
#
#   tests/publish/run.sh [path/to/careguide]
#
# Needs nginx and apache2 (Debian: apt-get install nginx apache2); a server
# that is not installed is skipped with a note. Uses ports 18080 and 18082.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../target/debug/careguide}
# Absolute, as the site is built from inside its own folder.
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" -q new "$work/site"
(cd "$work/site" && "$bin" check && "$bin" build --base-url https://example.org/sub/)
public=$work/site/public
chmod -R o+rX "$work"
status=0

if command -v nginx >/dev/null; then
  mkdir -p "$work/nginx/logs"
  cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
daemon off;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  server {
    listen 127.0.0.1:18080;
    location /sub/ {
      alias $public/;
      index index.html;
      error_page 404 /sub/404.html;
    }
  }
}
CONF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
  pids+=($!)
  sleep 1
  echo "nginx:"
  python3 "$here/linkcheck.py" http://127.0.0.1:18080/sub/ || status=1
else
  echo "nginx: not installed, skipped"
fi

if command -v apache2 >/dev/null; then
  mkdir -p "$work/apache/empty"
  mods=/usr/lib/apache2/modules
  cat > "$work/apache/httpd.conf" <<CONF
ServerRoot $work/apache
PidFile $work/apache/httpd.pid
ErrorLog $work/apache/error.log
Listen 127.0.0.1:18082
ServerName localhost
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule dir_module $mods/mod_dir.so
LoadModule mime_module $mods/mod_mime.so
LoadModule alias_module $mods/mod_alias.so
TypesConfig /etc/mime.types
DocumentRoot $work/apache/empty
Alias /sub/ $public/
<Directory $public/>
    Require all granted
    DirectoryIndex index.html
    ErrorDocument 404 /sub/404.html
</Directory>
CONF
  if [ "$(id -u)" = 0 ]; then echo "User nobody" >> "$work/apache/httpd.conf"; echo "Group nogroup" >> "$work/apache/httpd.conf"; fi
  apache2 -f "$work/apache/httpd.conf" -DFOREGROUND &
  pids+=($!)
  sleep 1.5
  echo "Apache:"
  python3 "$here/linkcheck.py" http://127.0.0.1:18082/sub/ || status=1
else
  echo "Apache: not installed, skipped"
fi
exit $status
