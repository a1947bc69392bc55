#!/usr/bin/env bash
# Vendor the built front-end files GridPact serves (htmx, NL Design System CSS, example design
# tokens, axe-core, Leaflet) from the npm registry into src/gridpact/static/vendor/, and write
# docs/vendored-assets.md with their versions and licences.
#
# Nothing is built and nothing from npm is needed at run time: the script runs `npm pack` on exact
# versions in a temporary directory, copies only the listed files (plus each package's licence)
# and checks them. Re-running it with the same pins gives the same files and the same document.
#
# Usage:   scripts/vendor-assets.sh
# Upgrade: look up versions with `npm view <package> versions`, change a pin below, re-run,
#          review `git diff`, and run the tests.
set -euo pipefail

# --- Pinned versions --------------------------------------------------------------------------
# htmx: the registry's "latest" tag is the 4.x line; we deliberately stay on the stable 2.0.x line.
HTMX_VERSION="2.0.11"
UTRECHT_CSS_VERSION="9.0.4"
VOORBEELD_TOKENS_VERSION="7.4.1"
AXE_VERSION="4.14.1"
LEAFLET_VERSION="1.9.4"
# Deliberately NOT vendored: @utrecht/design-tokens (proprietary to the municipality of Utrecht).

# The CSS class the example tokens are scoped to; templates put it on <html> or <body>.
VOORBEELD_THEME_CLASS="voorbeeld-theme"
# ----------------------------------------------------------------------------------------------

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR_REL="src/gridpact/static/vendor"
VENDOR="$ROOT/$VENDOR_REL"
DOC_REL="docs/vendored-assets.md"
DOC="$ROOT/$DOC_REL"

die() { echo "vendor-assets: $*" >&2; exit 1; }

for cmd in npm node tar; do
  command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is required but not found on PATH"
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

DOC_ROWS=()

# fetch NAME VERSION -> unpacks the tarball into $WORK/<key>/package and sets PKG, PKG_LICENSE,
# PKG_INTEGRITY.
fetch() {
  local name="$1" version="$2" key
  key="$(echo "$name" | tr '@/' '__')"
  echo "vendor-assets: npm pack $name@$version" >&2
  (cd "$WORK" && npm pack --silent --json --ignore-scripts "$name@$version" >"$key.json") \
    || die "npm pack $name@$version failed"
  local tgz
  tgz="$(node -p 'require(process.argv[1])[0].filename' "$WORK/$key.json")"
  PKG_INTEGRITY="$(node -p 'require(process.argv[1])[0].integrity' "$WORK/$key.json")"
  mkdir -p "$WORK/$key"
  tar -xzf "$WORK/$tgz" -C "$WORK/$key"
  PKG="$WORK/$key/package"
  local got
  got="$(node -p 'const p=require(process.argv[1]); p.name+"@"+p.version' "$PKG/package.json")"
  [[ "$got" == "$name@$version" ]] || die "expected $name@$version in tarball, found $got"
  PKG_LICENSE="$(node -p '
    const l = require(process.argv[1]).license;
    typeof l === "string" ? l : (l && l.type) || "see LICENSE"' "$PKG/package.json")"
}

# install DEST_SUBDIR SRC:DEST ... -> copies files from $PKG into $VENDOR/DEST_SUBDIR (which is
# emptied first, so files dropped by an upgrade disappear), then the licence file(s).
INSTALLED=()
install_files() {
  local sub="$1"; shift
  rm -rf "${VENDOR:?}/$sub"
  mkdir -p "$VENDOR/$sub"
  INSTALLED=()
  local pair src dest
  for pair in "$@"; do
    src="${pair%%:*}"; dest="${pair#*:}"
    [[ -f "$PKG/$src" ]] || die "$src not found in package"
    mkdir -p "$(dirname "$VENDOR/$sub/$dest")"
    cp "$PKG/$src" "$VENDOR/$sub/$dest"
    INSTALLED+=("$sub/$dest")
  done
  local lic
  lic="$(cd "$PKG" && ls | grep -E -i '^(LICEN[CS]E|COPYING)(\.(md|txt))?$' | head -n 1 || true)"
  [[ -n "$lic" ]] || die "no LICENSE file in package"
  cp "$PKG/$lic" "$VENDOR/$sub/LICENSE"
  INSTALLED+=("$sub/LICENSE")
  if [[ -f "$PKG/LICENSE-3RD-PARTY.txt" ]]; then
    cp "$PKG/LICENSE-3RD-PARTY.txt" "$VENDOR/$sub/LICENSE-3RD-PARTY.txt"
    INSTALLED+=("$sub/LICENSE-3RD-PARTY.txt")
  fi
}

# record NAME VERSION -> adds a table row for the package just installed.
record() {
  local files="" f
  for f in "${INSTALLED[@]}"; do files+="\`$f\`<br>"; done
  DOC_ROWS+=("| [\`$1\`](https://www.npmjs.com/package/$1/v/$2) | $2 | $PKG_LICENSE | ${files%<br>} |")
}

# --- htmx --------------------------------------------------------------------------------------
fetch htmx.org "$HTMX_VERSION"
install_files htmx "dist/htmx.min.js:htmx.min.js"
grep -q "version:\"$HTMX_VERSION\"" "$VENDOR/htmx/htmx.min.js" \
  || die "htmx.min.js does not report version $HTMX_VERSION"
record htmx.org "$HTMX_VERSION"

# --- NL Design System: Utrecht component library CSS -------------------------------------------
fetch @utrecht/component-library-css "$UTRECHT_CSS_VERSION"
install_files utrecht "dist/index.css:component-library.css"
grep -q '\.utrecht-button' "$VENDOR/utrecht/component-library.css" \
  || die "component-library.css has no .utrecht-button rules"
record @utrecht/component-library-css "$UTRECHT_CSS_VERSION"

# --- NL Design System: EUPL example ("voorbeeld") design tokens --------------------------------
fetch @nl-design-system-unstable/voorbeeld-design-tokens "$VOORBEELD_TOKENS_VERSION"
install_files voorbeeld-tokens "dist/theme.css:theme.css"
grep -q "^\.$VOORBEELD_THEME_CLASS {" "$VENDOR/voorbeeld-tokens/theme.css" \
  || die "theme.css is no longer scoped to .$VOORBEELD_THEME_CLASS; update templates and this script"
record @nl-design-system-unstable/voorbeeld-design-tokens "$VOORBEELD_TOKENS_VERSION"

# --- axe-core (accessibility checks in browser tests) ------------------------------------------
fetch axe-core "$AXE_VERSION"
install_files axe "axe.min.js:axe.min.js"
grep -q "version=\"$AXE_VERSION\"" "$VENDOR/axe/axe.min.js" \
  || die "axe.min.js does not report version $AXE_VERSION"
record axe-core "$AXE_VERSION"

# --- Leaflet -----------------------------------------------------------------------------------
fetch leaflet "$LEAFLET_VERSION"
leaflet_files=("dist/leaflet.js:leaflet.js" "dist/leaflet.css:leaflet.css")
for img in "$PKG"/dist/images/*; do
  leaflet_files+=("dist/images/$(basename "$img"):images/$(basename "$img")")
done
install_files leaflet "${leaflet_files[@]}"
# leaflet.js ends with a sourceMappingURL comment for a .map file we do not ship; Django's
# ManifestStaticFilesStorage would fail collectstatic on the missing file, so drop the comment.
sed -i '/^\/\/# sourceMappingURL=/d' "$VENDOR/leaflet/leaflet.js"
grep -q "\.version=\"$LEAFLET_VERSION\"" "$VENDOR/leaflet/leaflet.js" \
  || die "leaflet.js does not report version $LEAFLET_VERSION"
record leaflet "$LEAFLET_VERSION"

# --- Checks over everything shipped ------------------------------------------------------------
# No source-map references and no relative url(...) in CSS that points at a file we did not copy
# (both break ManifestStaticFilesStorage).
for f in "$VENDOR"/htmx/* "$VENDOR"/utrecht/* "$VENDOR"/voorbeeld-tokens/* "$VENDOR"/axe/* \
         "$VENDOR"/leaflet/*.js "$VENDOR"/leaflet/*.css; do
  case "$f" in *.js|*.css) ;; *) continue ;; esac
  if grep -q -E '^(//|/\*)# sourceMappingURL=' "$f"; then
    die "$f references a source map that is not vendored"
  fi
  if [[ "$f" == *.css ]]; then
    while IFS= read -r ref; do
      ref="${ref#url(}"; ref="${ref%)}"; ref="${ref//[\"\']/}"
      case "$ref" in data:*|\#*|http:*|https:*|//*|"") continue ;; esac
      [[ -f "$(dirname "$f")/${ref%%[?#]*}" ]] || die "$f refers to missing $ref"
    done < <(grep -o -E 'url\([^)]*\)' "$f" | sort -u)
  fi
done

# --- Document ----------------------------------------------------------------------------------
total_kib="$(du -sk --apparent-size "$VENDOR"/{htmx,utrecht,voorbeeld-tokens,axe,leaflet} \
  | awk '{s += $1} END {print s}')"
mkdir -p "$(dirname "$DOC")"
{
  echo "# Vendored front-end assets"
  echo
  echo "<!-- Generated by scripts/vendor-assets.sh; do not edit by hand. -->"
  echo
  echo "GridPact serves these files itself from \`$VENDOR_REL/\`; nothing is fetched from a CDN"
  echo "and there is no Node build at run time. Versions are pinned in \`scripts/vendor-assets.sh\`;"
  echo "licences are the \`license\` field of each package's \`package.json\`, and each package's"
  echo "licence text is copied next to its files."
  echo
  echo "| Package | Version | Licence | Files (under \`$VENDOR_REL/\`) |"
  echo "|---|---|---|---|"
  printf '%s\n' "${DOC_ROWS[@]}"
  echo
  echo "Total size: about ${total_kib} KiB."
  echo
  echo "## Notes"
  echo
  echo "- **htmx** stays on the stable 2.0.x line on purpose; the registry's \`latest\` tag points to 4.x."
  echo "- **NL Design System**: \`component-library.css\` is \`dist/index.css\` of"
  echo "  \`@utrecht/component-library-css\` (CSS only, no JavaScript). It is styled with the EUPL"
  echo "  example tokens (\`theme.css\` = \`dist/theme.css\` of"
  echo "  \`@nl-design-system-unstable/voorbeeld-design-tokens\`), which are scoped to the CSS class"
  echo "  \`.$VOORBEELD_THEME_CLASS\`: put that class on \`<html>\` or \`<body>\` (our own theme may override"
  echo "  tokens after it). \`@utrecht/design-tokens\` is proprietary to the municipality of Utrecht and"
  echo "  is **not** vendored."
  echo "- The example tokens name the fonts 'Noto Sans', 'Noto Serif' and 'Noto Sans Mono' with"
  echo "  generic fallbacks; no font files are vendored."
  echo "- **axe-core** is used by the accessibility checks in the browser tests;"
  echo "  \`LICENSE-3RD-PARTY.txt\` covers the code it bundles."
  echo "- **Leaflet**: the \`//# sourceMappingURL=leaflet.js.map\` comment is removed from \`leaflet.js\`"
  echo "  because the map file is not shipped (it would break \`collectstatic\` with"
  echo "  \`ManifestStaticFilesStorage\`). \`leaflet.css\` refers to the files in \`images/\`."
  echo
  echo "## Other vendored files"
  echo
  echo "| What | Version | Source | Licence | Files |"
  echo "|---|---|---|---|---|"
  echo "| NL API Design Rules linter ruleset (Logius) | ADR 2.1.0 | \`Logius-standaarden/API-Design-Rules\`, \`linter/spectral.yml\` at commit \`024149e3\` | CC-BY-4.0 | \`docs/api/adr/spectral-2.1.0.yml\` |"
  echo "| NL API Design Rules linter ruleset (Logius) | ADR 2.2 (working version) | \`Logius-standaarden/API-Design-Rules\`, \`media/linter.yaml\` at commit \`0d0b1e41\` | CC-BY-4.0 | \`docs/api/adr/linter-2.2.yaml\` |"
  echo
  echo "Used by \`make lint\` (Spectral); unchanged from the source, see \`docs/api/adr/README.md\` for the full"
  echo "commits, the attribution and how to update them. Spectral itself (\`@stoplight/spectral-cli\`,"
  echo "Apache-2.0) is installed by the Makefile into \`.tools/\` and not committed."
  echo
  echo "## Updating"
  echo
  echo "1. Find a newer version with \`npm view <package> versions\` (for htmx, stay on 2.0.x unless a"
  echo "   decision says otherwise)."
  echo "2. Change the pin at the top of \`scripts/vendor-assets.sh\`."
  echo "3. Run \`scripts/vendor-assets.sh\` from the repository root (needs \`npm\`, \`node\`, \`tar\`"
  echo "   and access to the npm registry). It replaces the files above and rewrites this document."
  echo "4. Review \`git diff\`, run the tests (including the browser and accessibility tests), commit."
} >"$DOC"

echo "vendor-assets: wrote $VENDOR_REL/ (${total_kib} KiB) and $DOC_REL" >&2
