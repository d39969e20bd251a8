// The instance viewer (bundled to wwwroot/lib/viewer.js). Mounted on
//   <div id="viewer" data-xml-url data-state-url> with a child #viewer-canvas.
// data-state-url answers { active: [elementId], completed: [elementId], heat: { elementId: count } }. Active
// elements get the marker class ap-active, completed ones ap-completed (so do the sequence flows from a completed
// element to a completed or active one), and every element with a heat count gets a badge (overlay type ap-heat)
// and one of ap-heat-1 … ap-heat-5 by its share of the largest count. data-state: loading | ready | error.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import apModdle from './ap-moddle.json';
import translateModule from './translate.js';
import { fetchJson, fetchText, withLayout } from './diagram-source.js';
import { t } from './i18n.js';
import { collapsedHolders } from './planes.js';
import { fitPlanesOnFirstVisit, fitReadable } from './canvas-fit.js';

const HEAT_LEVELS = 5;

async function start(root) {
  root.dataset.state = 'loading';
  const container = root.querySelector('#viewer-canvas') || root;
  try {
    const [ xml, state ] = await Promise.all([
      fetchText(root.dataset.xmlUrl),
      root.dataset.stateUrl ? fetchJson(root.dataset.stateUrl) : {},
    ]);
    const viewer = new NavigatedViewer({
      container,
      additionalModules: [ translateModule ],
      moddleExtensions: { camunda: camundaModdle, ap: apModdle },
    });
    const { warnings } = await viewer.importXML(await withLayout(xml, viewer.get('moddle')));
    if (warnings.length) console.warn('viewer: import warnings', warnings);
    paint(viewer, state || {});
    const registry = viewer.get('elementRegistry');
    const focus = (state && state.active || []).map(id => registry.get(id)).find(e => e && e.parent
      && viewer.get('canvas').findRoot(e) === viewer.get('canvas').getRootElement());
    fitReadable(viewer.get('canvas'), { focus });
    fitPlanesOnFirstVisit(viewer.get('eventBus'), viewer.get('canvas'));
    window.approvalViewer = viewer;
    root.dataset.state = 'ready';
  } catch (error) {
    console.error(error);
    root.dataset.state = 'error';
    const message = document.createElement('p');
    message.className = 'error';
    message.textContent = t('loadFailed') + error.message;
    root.prepend(message);
  }
}

function paint(viewer, state) {
  const registry = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  const active = new Set(state.active || []);
  const completed = new Set(state.completed || []);
  const mark = (id, marker) => {
    const element = registry.get(id);
    if (element && element.parent) canvas.addMarker(element, marker);
  };

  for (const id of completed) if (!active.has(id)) mark(id, 'ap-completed');
  for (const id of active) mark(id, 'ap-active');
  for (const flow of registry.filter(e => e.type === 'bpmn:SequenceFlow')) {
    const { sourceRef, targetRef } = flow.businessObject;
    if (completed.has(sourceRef.id) && (completed.has(targetRef.id) || active.has(targetRef.id))) {
      canvas.addMarker(flow, 'ap-completed');
    }
  }
  // Sub-processes are drawn collapsed (drill-down): their shape shows whether something inside runs or ran.
  for (const id of active) for (const holder of collapsedHolders(canvas, registry, registry.get(id))) canvas.addMarker(holder, 'ap-active');
  for (const id of completed) {
    for (const holder of collapsedHolders(canvas, registry, registry.get(id))) {
      if (!canvas.hasMarker(holder, 'ap-active')) canvas.addMarker(holder, 'ap-completed');
    }
  }
  paintHeat(viewer, state.heat || {});
}

function paintHeat(viewer, heat) {
  const registry = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  const overlays = viewer.get('overlays');
  const counts = Object.entries(heat).filter(([ id, count ]) => count > 0 && registry.get(id) && registry.get(id).parent);
  const max = Math.max(0, ...counts.map(([ , count ]) => count));
  for (const [ id, count ] of counts) {
    const level = Math.min(HEAT_LEVELS, Math.max(1, Math.ceil(HEAT_LEVELS * count / max)));
    canvas.addMarker(id, `ap-heat-${level}`);
    const badge = document.createElement('div');
    badge.className = `ap-heat-badge ap-heat-badge-${level}`;
    badge.textContent = String(count);
    badge.title = `${id}: ${count}`;
    overlays.add(id, 'ap-heat', { position: { bottom: 8, right: 8 }, html: badge });
  }
}

function mount() {
  const root = document.getElementById('viewer');
  if (root && !root.dataset.state) start(root);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
