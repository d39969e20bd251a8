// Shows the server's problems ({ code, elementId, line, message }) on the diagram and in the page's list: a red badge
// with the count and the messages as its tooltip on each named element, a marker class that outlines the element
// red, and one list item per problem; clicking an item selects the element and scrolls to it. A problem that names no
// element (or the process itself) is listed only.
import { t } from './i18n.js';
import { collapsedHolders } from './planes.js';

const OVERLAY = 'ap-problem';
const MARKER = 'ap-has-problem';

export default class ProblemView {
  constructor(modeler, list) {
    this._canvas = modeler.get('canvas');
    this._overlays = modeler.get('overlays');
    this._registry = modeler.get('elementRegistry');
    this._selection = modeler.get('selection');
    this._list = list;
    this._marked = [];
  }

  show(problems) {
    this.clear();
    const byElement = new Map();
    for (const problem of problems) {
      const element = this._element(problem.elementId);
      if (!element) continue;
      if (!byElement.has(element)) byElement.set(element, []);
      byElement.get(element).push(problem);
    }
    for (const [ element, own ] of byElement) this._mark(element, own);
    if (this._list) for (const problem of problems) this._list.appendChild(this._item(problem));
  }

  clear() {
    this._overlays.remove({ type: OVERLAY });
    for (const element of this._marked) this._canvas.removeMarker(element, MARKER);
    this._marked = [];
    if (this._list) this._list.replaceChildren();
  }

  /** The diagram element a problem names; null for none, unknown ids and the process (a root) itself. */
  _element(id) {
    const element = id ? this._registry.get(id) : null;
    return element && element.parent ? element : null;
  }

  _mark(element, problems) {
    const badge = document.createElement('div');
    badge.className = 'ap-problem-badge';
    badge.textContent = String(problems.length);
    badge.title = problems.map(p => p.text || p.message).join('\n');
    this._overlays.add(element, OVERLAY, { position: { top: -10, right: 10 }, html: badge });
    this._addMarker(element);
    for (const holder of collapsedHolders(this._canvas, this._registry, element)) this._addMarker(holder);
  }

  _addMarker(element) {
    if (this._marked.includes(element)) return;
    this._canvas.addMarker(element, MARKER);
    this._marked.push(element);
  }

  _item(problem) {
    const item = document.createElement('li');
    item.className = 'ap-problem-item';
    item.dataset.code = problem.code || '';
    if (problem.text && problem.text !== problem.message) item.title = problem.message;
    const element = this._element(problem.elementId);
    const where = [ problem.elementId || t('general'), problem.line ? t('line', problem.line) : '' ].filter(Boolean).join(' · ');
    // text: the code's meaning in the page's language; message: the engine's detail (the expression, the ids).
    const text = `${where} — ${problem.text || problem.message}`;
    if (!element) {
      item.textContent = text;
      return item;
    }
    item.dataset.elementId = problem.elementId;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'ap-problem-link';
    button.textContent = text;
    button.addEventListener('click', () => this.reveal(element));
    item.appendChild(button);
    return item;
  }

  reveal(element) {
    const root = this._canvas.findRoot(element);
    if (root && root !== this._canvas.getRootElement()) this._canvas.setRootElement(root);
    this._selection.select(element);
    this._canvas.scrollToElement(element);
  }
}
