#!/usr/bin/env bash
# Refresh the vendored JavaScript of the offline site from the npm registry.
# Usage (from the repository root):  bash _vendor/update.sh
# Needs npm (only `npm pack`, which downloads one tarball per package; nothing is installed).
# After an Altair upgrade: set VEGALITE to altair.VEGALITE_VERSION, run this script, update the
# version strings in _config.yml (window.VEGA_DEBUG) and the table in _vendor/README.md,
# then run `pytest tests/test_site.py` (it pins these versions and opens the built pages).
set -euo pipefail

VEGA=6.4.0            # Altair's template asks for vega "6" (alt.VEGA_VERSION)
VEGALITE=6.4.1        # must equal altair.VEGALITE_VERSION
VEGAEMBED=7.3.0       # Altair's template asks for vega-embed "7" (alt.VEGAEMBED_VERSION)
REQUIREJS=2.3.8
HTMLMANAGER=1.0.15    # @jupyter-widgets/html-manager 1.0.x renders ipywidgets 8 state
MATHJAX=3.2.2         # Sphinx 7's math support speaks MathJax 3
AXE=4.14.1            # axe-core: accessibility checks injected by the browser tests (not copied into the site)

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

unpack() {  # unpack <package@version> <folder>
  local tarball
  tarball="$(npm pack --silent "$1" | tail -n 1)"
  mkdir -p "$2"
  tar xzf "$tarball" -C "$2" --strip-components=1
}

unpack "vega@$VEGA" vega
unpack "vega-lite@$VEGALITE" vega-lite
unpack "vega-embed@$VEGAEMBED" vega-embed
unpack "requirejs@$REQUIREJS" requirejs
unpack "@jupyter-widgets/html-manager@$HTMLMANAGER" html-manager
unpack "mathjax@$MATHJAX" mathjax
unpack "axe-core@$AXE" axe-core

mkdir -p "$here"/{axe-core,vega,vega-lite,vega-embed,requirejs,jupyter-widgets,mathjax/output/chtml/fonts/woff-v2}
cp vega/build/vega.min.js vega/LICENSE "$here/vega/"
cp vega-lite/build/vega-lite.min.js vega-lite/LICENSE "$here/vega-lite/"
cp vega-embed/build/vega-embed.min.js vega-embed/LICENSE "$here/vega-embed/"
cp requirejs/require.js "$here/requirejs/"          # LICENSE kept by hand: the npm package has none
# The widget manager and the three icon fonts its CSS refers to (woff2 is the format Chromium/Firefox pick).
cp html-manager/dist/embed-amd.js "$here/jupyter-widgets/"
cp html-manager/dist/embed.js.LICENSE.txt "$here/jupyter-widgets/THIRD-PARTY-NOTICES.txt"
rm -f "$here"/jupyter-widgets/*.woff2
cp html-manager/dist/*.woff2 "$here/jupyter-widgets/"
# MathJax 3: the "full" TeX bundle (no extension is fetched later) and the CHTML fonts.
cp axe-core/axe.min.js axe-core/LICENSE "$here/axe-core/"
cp axe-core/LICENSE-3RD-PARTY.txt "$here/axe-core/THIRD-PARTY-NOTICES.txt"
cp mathjax/es5/tex-chtml-full.js mathjax/LICENSE "$here/mathjax/"
rm -f "$here"/mathjax/output/chtml/fonts/woff-v2/*
cp mathjax/es5/output/chtml/fonts/woff-v2/*.woff "$here/mathjax/output/chtml/fonts/woff-v2/"

cat > "$here/versions.json" <<JSON
{
  "vega": "$VEGA",
  "vega-lite": "$VEGALITE",
  "vega-embed": "$VEGAEMBED",
  "requirejs": "$REQUIREJS",
  "@jupyter-widgets/html-manager": "$HTMLMANAGER",
  "mathjax": "$MATHJAX",
  "axe-core": "$AXE"
}
JSON
echo "vendored into $here:"
du -sh "$here"
