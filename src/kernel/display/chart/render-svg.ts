/**
 * A Vega-Lite spec → SVG text, in this process (vega's headless 'none' renderer needs no canvas), so
 * nbconvert's HTML and GitHub, which do not run Vega, still show the picture. Async: vega renders through
 * promises. vega and vega-lite are imported on first use, so a REPL that never draws a chart never loads them.
 */
type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');

let loaded: Promise<[VegaModule, VegaLiteModule]> | undefined;

function load(): Promise<[VegaModule, VegaLiteModule]> {
  loaded ??= Promise.all([import('vega'), import('vega-lite')]);
  return loaded;
}

export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [vega, vl] = await load();
  const compiled = vl.compile(spec as unknown as Parameters<VegaLiteModule['compile']>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
