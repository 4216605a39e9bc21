#!/usr/bin/env bash
# What the browser downloads: for each group of pages, the brotli bytes its first view needs
# (the glue, the shell and the group's parts, from __wasm_split_manifest.json), a lazy bell's
# parts if the bell is split off, and the whole app. Reads the site that scripts/build-site.sh
# made (a release: `make build-release` first). Usage: bench/bundle.sh [SITE, default target/site]
set -euo pipefail
cd "$(dirname "$0")/.."
site="${1:-${LEPTOS_SITE_ROOT:-target/site}}"
[ -f "$site/build-id.txt" ] || { echo "no build in $site (run make build-release)" >&2; exit 1; }
pkg="$site/pkg/$(cat "$site/build-id.txt")"
node - "$pkg" <<'JS'
const fs = require('fs'), path = require('path');
const pkg = process.argv[2];
const br = (f) => fs.statSync(path.join(pkg, f + '.br')).size;
const kb = (n) => (n / 1024).toFixed(1).padStart(6) + ' KB';
const manifest = JSON.parse(fs.readFileSync(path.join(pkg, '__wasm_split_manifest.json'), 'utf8'));
const glue = br('hotline.js') + br('__wasm_split.______________________.js');
const shell = br('hotline.wasm');
const css = br('hotline.css');
console.log(`build ${path.basename(pkg)} (brotli sizes; 1 KB = 1024 bytes)`);
console.log(`  shell wasm ${kb(shell)} · JS glue and loader ${kb(glue)} · stylesheet ${kb(css)}`);
const size = (list) => list.reduce((n, p) => n + br(p + '.wasm'), 0);
const bell = Object.keys(manifest).find((g) => g.startsWith('live_bell')) ?? '';
for (const g of Object.keys(manifest).filter((g) => g !== bell).sort()) {
  const name = g.replace(/_group_\d+$/, '');
  const own = manifest[g], later = (manifest[bell] ?? []).filter((p) => !own.includes(p));
  console.log(`  ${name.padEnd(7)} first view: code ${kb(shell + glue + size(own))} before it answers (shell + ${own.length} parts)${bell ? `, then the bell +${kb(size(later)).trim()}` : ''}`);
}
const all = fs.readdirSync(pkg).filter((f) => /\.(wasm|js)$/.test(f)).reduce((n, f) => n + br(f), 0);
console.log(`  whole app code ${kb(all)} in ${fs.readdirSync(pkg).filter((f) => f.endsWith('.wasm')).length} wasm modules`);
JS
