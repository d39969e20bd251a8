// The workflow designer (bundled to wwwroot/lib/designer.js). Mounted on
//   <div id="designer" data-xml-url data-validate-url data-deploy-url data-options-url data-key data-version>
// with #designer-canvas, #designer-properties, #designer-problems (a list) and the buttons #designer-validate,
// #designer-deploy, #designer-download; #designer-status is optional (created when missing). The page's antiforgery
// token (input[name=__RequestVerificationToken]) goes with every POST as the RequestVerificationToken header.
// State for tests and the page: data-state (loading | ready | error), data-problems (count after each validation),
// data-validation (pending | done | failed), data-deployed (version after a deployment), data-revision (changes made
// so far) and data-validated-revision (the revision the shown problems are for: a test that edits waits for both to
// pass its edit, since the properties panel commits a typed value a moment after the keystrokes).
import Modeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import CamundaPlatformBehaviors from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import apModdle from './ap-moddle.json';
import ApprovalPalette from './approval-palette.js';
import ApPropertiesProvider from './ap-properties.js';
import ProblemView from './problem-view.js';
import translateModule from './translate.js';
import { AP_NS, blankDiagram, fetchJson, fetchText, withLayout } from './diagram-source.js';
import { t } from './i18n.js';
import { fitPlanesOnFirstVisit, fitReadable } from './canvas-fit.js';

const VALIDATE_DELAY_MS = 800;

const approvalModule = {
  __init__: [ 'approvalPalette', 'apPropertiesProvider' ],
  approvalPalette: [ 'type', ApprovalPalette ],
  apPropertiesProvider: [ 'type', ApPropertiesProvider ],
};

class Designer {
  constructor(root) {
    this.root = root;
    const find = id => root.querySelector(`#${id}`) || document.getElementById(id);
    this.canvas = find('designer-canvas');
    this.properties = find('designer-properties');
    this.list = find('designer-problems');
    this.buttons = { validate: find('designer-validate'), deploy: find('designer-deploy'), download: find('designer-download') };
    this.status = find('designer-status') || this.createStatus();
    this.problems = [];
    this.revision = 0;          // bumped by every change; a deployment remembers the revision it sent
    this.deployedRevision = -1;
    this.validationSeq = 0;     // a response older than the latest request is dropped
    this.pending = false;
    this.busy = false;          // a deployment is in flight (or the page is navigating away after one)
  }

  createStatus() {
    const status = document.createElement('p');
    status.id = 'designer-status';
    status.setAttribute('role', 'status');
    (this.list ? this.list.parentNode : this.root).insertBefore(status, this.list || null);
    return status;
  }

  async start() {
    const data = this.root.dataset;
    this.root.dataset.state = 'loading';
    this.say(t('loading'));
    this.updateDeploy();
    try {
      const [ xml, options ] = await Promise.all([
        data.xmlUrl ? fetchText(data.xmlUrl) : blankDiagram(data.key),
        this.loadOptions(data.optionsUrl),
      ]);
      this.modeler = new Modeler({
        container: this.canvas,
        propertiesPanel: { parent: this.properties },
        additionalModules: [
          BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule,
          CamundaPlatformBehaviors, approvalModule, translateModule,
        ],
        moddleExtensions: { camunda: camundaModdle, ap: apModdle },
        approval: { options },
      });
      const { warnings } = await this.modeler.importXML(await withLayout(xml, this.modeler.get('moddle')));
      if (warnings.length) console.warn('designer: import warnings', warnings);
      fitReadable(this.modeler.get('canvas'), { left: 130 }); // room for the two-column palette
      fitPlanesOnFirstVisit(this.modeler.get('eventBus'), this.modeler.get('canvas'), { left: 130 });
      this.view = new ProblemView(this.modeler, this.list);
      this.wire();
      this.root.dataset.state = 'ready';
      window.approvalDesigner = this;
      await this.validate();
    } catch (error) {
      console.error(error);
      this.root.dataset.state = 'error';
      this.say(t('loadFailed') + error.message, 'error');
    }
  }

  async loadOptions(url) {
    if (!url) return {};
    try {
      return await fetchJson(url);
    } catch (error) {
      this.say(t('optionsFailed') + error.message, 'error');
      return {};
    }
  }

  wire() {
    const eventBus = this.modeler.get('eventBus');
    eventBus.on('commandStack.changed', () => {
      this.revision++;
      this.root.dataset.revision = String(this.revision);
      this.scheduleValidation();
    });
    eventBus.on('approval.message', event => this.say(event.text));
    const { validate, deploy, download } = this.buttons;
    if (validate) validate.addEventListener('click', () => this.validate());
    if (deploy) deploy.addEventListener('click', () => this.deploy());
    if (download) download.addEventListener('click', () => this.download());
  }

  scheduleValidation() {
    clearTimeout(this.timer);
    this.pending = true;
    this.root.dataset.validation = 'pending';
    this.updateDeploy();
    this.timer = setTimeout(() => this.validate(), VALIDATE_DELAY_MS);
  }

  async validate() {
    clearTimeout(this.timer);
    const url = this.root.dataset.validateUrl;
    if (!url) {
      this.pending = false;
      this.updateDeploy();
      return;
    }
    const seq = ++this.validationSeq;
    const revision = this.revision;
    this.pending = true;
    this.root.dataset.validation = 'pending';
    this.updateDeploy();
    this.say(t('validating'));
    try {
      const response = await this.post(url, await this.saveXML());
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const body = await response.json();
      if (seq !== this.validationSeq) return;
      this.showProblems(body.problems || []);
      this.root.dataset.validatedRevision = String(revision);
      this.root.dataset.validation = 'done';
      this.say(this.problems.length ? t('problemCount', this.problems.length) : t('noProblems'), this.problems.length ? 'error' : 'ok');
    } catch (error) {
      if (seq !== this.validationSeq) return;
      // The deployment validates again on the server, so a failed check does not lock the button.
      this.root.dataset.validation = 'failed';
      this.say(t('validateFailed') + error.message, 'error');
    } finally {
      if (seq === this.validationSeq) {
        this.pending = false;
        this.updateDeploy();
      }
    }
  }

  showProblems(problems) {
    this.problems = problems;
    this.view.show(problems);
    this.root.dataset.problems = String(problems.length);
  }

  async deploy() {
    if (this.busy || !this.canDeploy()) return;
    this.busy = true;
    this.updateDeploy();
    const revision = this.revision;
    this.say(t('deploying'));
    try {
      const response = await this.post(this.root.dataset.deployUrl, await this.saveXML());
      if (response.status === 200 || response.status === 201) {
        const result = await response.json();
        this.deployedRevision = revision;
        this.root.dataset.deployed = String(result.version ?? '');
        this.say(t('deployed', result.version), 'ok');
        if (result.url) {
          window.location.assign(result.url);
          return; // stay busy: the page is going away
        }
      } else if (response.status === 400) {
        const problems = problemsOf(await response.json().catch(() => ({})));
        this.showProblems(problems);
        this.say(t('deployRejected', problems.length), 'error');
      } else {
        this.say(`${t('deployFailed')}${response.status} ${(await response.text()).slice(0, 200)}`, 'error');
      }
    } catch (error) {
      this.say(t('deployFailed') + error.message, 'error');
    }
    this.busy = false;
    this.updateDeploy();
  }

  canDeploy() {
    return Boolean(this.modeler) && Boolean(this.root.dataset.deployUrl) && !this.pending && !this.busy
      && this.problems.length === 0 && this.revision !== this.deployedRevision;
  }

  updateDeploy() {
    if (this.buttons.deploy) this.buttons.deploy.disabled = !this.canDeploy();
  }

  async download() {
    const blob = new Blob([ await this.saveXML() ], { type: 'application/xml' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${this.key()}.bpmn`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  key() {
    const process = (this.modeler.getDefinitions().rootElements || []).find(e => e.$type === 'bpmn:Process');
    return this.root.dataset.key || (process && process.id) || 'process';
  }

  async saveXML() {
    // moddle writes only the namespaces in use; the server and other modelers expect ap declared regardless
    const definitions = this.modeler.getDefinitions();
    if (!definitions.$attrs['xmlns:ap']) definitions.$attrs['xmlns:ap'] = AP_NS;
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml;
  }

  post(url, xml) {
    const token = document.querySelector('input[name="__RequestVerificationToken"]');
    const headers = { 'Content-Type': 'application/xml', Accept: 'application/json, application/problem+json' };
    if (token) headers.RequestVerificationToken = token.value;
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers, body: xml });
  }

  say(text, kind = 'info') {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }
}

/** problem+json: `errors` as the engine's list, or ASP.NET's { field: [messages] } map; else its title/detail. */
function problemsOf(body) {
  if (Array.isArray(body.errors)) return body.errors;
  if (Array.isArray(body.problems)) return body.problems;
  if (body.errors && typeof body.errors === 'object') {
    return Object.entries(body.errors).flatMap(([ code, messages ]) =>
      [].concat(messages).map(message => ({ code, elementId: null, line: null, message })));
  }
  return [ { code: 'deploy', elementId: null, line: null, message: body.detail || body.title || 'Bad request' } ];
}

function mount() {
  const root = document.getElementById('designer');
  if (root && !root.dataset.state) new Designer(root).start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
