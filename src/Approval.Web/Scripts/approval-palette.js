// Adds the "创星构件" section to the bpmn-js palette: each block creates a shape whose business object already
// carries the block's attributes (elementFactory + create.start, as bpmn-js's own PaletteProvider does), and the
// 提醒策略 entry writes the default reminder policy onto the selected user task(s) as one undoable command.
import { is } from 'bpmn-js/lib/util/ModelUtil';
import { BLOCKS, REMINDER_POLICY } from './building-blocks.js';
import { t } from './i18n.js';

const GROUP = 'approval-blocks';

export default function ApprovalPalette(palette, create, elementFactory, bpmnFactory, selection, commandStack, eventBus) {
  this._create = create;
  this._elementFactory = elementFactory;
  this._bpmnFactory = bpmnFactory;
  this._selection = selection;
  this._commandStack = commandStack;
  this._eventBus = eventBus;
  this.blocks = BLOCKS;
  palette.registerProvider(this);
}

ApprovalPalette.$inject = [ 'palette', 'create', 'elementFactory', 'bpmnFactory', 'selection', 'commandStack', 'eventBus' ];

ApprovalPalette.prototype.getPaletteEntries = function() {
  const entries = {
    'ap-heading': { group: GROUP, html: `<div class="ap-palette-heading">${t('paletteHeading')}</div>`, action: {} },
  };
  for (const block of BLOCKS) {
    const start = event => this._create.start(event, this.createShape(block));
    entries[`ap-block-${block.id}`] = {
      group: GROUP,
      html: entryHtml(block),
      className: `${iconClass(block.type)} ap-block ap-block-${block.id}`,
      title: block.title,
      action: { dragstart: start, click: start },
    };
  }
  entries[`ap-block-${REMINDER_POLICY.id}`] = {
    group: GROUP,
    html: entryHtml(REMINDER_POLICY),
    className: `bpmn-icon-intermediate-event-catch-timer ap-block ap-block-${REMINDER_POLICY.id}`,
    title: REMINDER_POLICY.title,
    action: { click: () => this.applyReminderPolicy() },
  };
  return entries;
};

/** A shape of the block's type whose business object has the block's name, attributes and call mappings. */
ApprovalPalette.prototype.createShape = function(block) {
  const businessObject = this._bpmnFactory.create(block.type, { name: block.name });
  for (const [name, value] of Object.entries(block.attrs)) businessObject.set(name, value);
  if (block.mappings) {
    const extensions = this._bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
    extensions.$parent = businessObject;
    for (const { type, ...properties } of block.mappings) {
      const mapping = this._bpmnFactory.create(type, properties);
      mapping.$parent = extensions;
      extensions.get('values').push(mapping);
    }
    businessObject.extensionElements = extensions;
  }
  return this._elementFactory.createShape({ type: block.type, businessObject });
};

ApprovalPalette.prototype.applyReminderPolicy = function() {
  const tasks = this._selection.get().filter(element => is(element, 'bpmn:UserTask'));
  if (tasks.length === 0) {
    this._eventBus.fire('approval.message', { text: t('selectUserTask') });
    return;
  }
  // The properties panel's multi-command handler makes the whole change one step on the undo stack.
  this._commandStack.execute('properties-panel.multi-command-executor', tasks.map(element => ({
    cmd: 'element.updateProperties',
    context: { element, properties: { ...REMINDER_POLICY.attrs } },
  })));
  this._eventBus.fire('approval.message', { text: t('reminderApplied', tasks.length) });
};

// The bpmn icon (::before) says what kind of element it is; the coloured character (::after) which block.
function entryHtml(block) {
  return `<div class="entry" draggable="true" data-letter="${block.letter}" style="--ap-block-colour: ${block.colour}"></div>`;
}

function iconClass(type) {
  return {
    'bpmn:UserTask': 'bpmn-icon-user-task',
    'bpmn:ServiceTask': 'bpmn-icon-service-task',
    'bpmn:CallActivity': 'bpmn-icon-call-activity',
  }[type] || 'bpmn-icon-task';
}
