// `npm run build`: bundles designer.js and viewer.js (IIFE, minified) into wwwroot/lib and copies the bpmn-js and
// properties-panel stylesheets into wwwroot/lib/bpmn, keeping bpmn-font's css/ and font/ folders side by side so its
// relative url('../font/…') references still resolve. Run by MSBuild (Approval.Web.csproj, BuildFrontEnd).
import { build } from 'esbuild';
import { cp, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = join(web, 'wwwroot', 'lib');
const modules = join(web, 'node_modules');

await build({
  absWorkingDir: web,
  entryPoints: { designer: 'Scripts/designer.js', viewer: 'Scripts/viewer.js' },
  outdir: lib,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: [ 'chrome100', 'edge100', 'firefox100', 'safari15' ],
  legalComments: 'eof',
  logLevel: 'warning',
});

const bpmn = join(lib, 'bpmn');
await mkdir(bpmn, { recursive: true });
await cp(join(modules, 'bpmn-js/dist/assets/diagram-js.css'), join(bpmn, 'diagram-js.css'));
await cp(join(modules, 'bpmn-js/dist/assets/bpmn-js.css'), join(bpmn, 'bpmn-js.css'));
await cp(join(modules, 'bpmn-js/dist/assets/bpmn-font'), join(bpmn, 'bpmn-font'), { recursive: true });
await cp(join(modules, '@bpmn-io/properties-panel/dist/assets/properties-panel.css'), join(bpmn, 'properties-panel.css'));
console.log(`front-end bundles written to ${lib}`);
