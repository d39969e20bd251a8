// The properties-panel group "审批扩展 (ap:)": the urn:approval:bpmn:1 attributes the engine reads (BpmnParser.Nodes),
// plus drop-downs fed by the server's options (topics, candidate groups, form keys, processes) for the camunda
// attributes that name something the server knows. The Camunda provider keeps its own free-text fields beside them,
// for expressions such as ${reportGroup}.
import { h } from '@bpmn-io/properties-panel/preact';
import { Group, SelectEntry, TextFieldEntry, isSelectEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';
import { isEnglish, t } from './i18n.js';

// [zh label, en label, en description]
const LABELS = {
  'ap:title': [ '任务标题', 'Task title', 'ap:title — title shown in the inbox, e.g. ${title}' ],
  'ap:org': [ '所属组织', 'Organization', 'ap:org — organization the task belongs to, e.g. ${orgId}' ],
  'ap:outcomes': [ '处理结果', 'Outcomes', 'ap:outcomes — comma list, e.g. approve,return,reject' ],
  'ap:remindBefore': [ '到期前提醒', 'Remind before due', 'ap:remindBefore — ISO 8601 durations, e.g. P3D,P1D' ],
  'ap:remindEvery': [ '逾期后每隔提醒', 'Remind every (overdue)', 'ap:remindEvery — ISO 8601 duration, e.g. P1D' ],
  'ap:escalateAfter': [ '逾期后上报', 'Escalate after', 'ap:escalateAfter — ISO 8601 duration, e.g. P2D' ],
  'ap:kind': [ '记录类别', 'Kind', 'ap:kind — passed to the topic handler, e.g. report' ],
  'ap:correlationKey': [ '关联键', 'Correlation key', 'ap:correlationKey — matches the message, e.g. ${noticeId}' ],
  'camunda:formKey': [ '表单', 'Form', 'camunda:formKey — form of the task' ],
  'camunda:candidateGroups': [ '候选组', 'Candidate group', 'camunda:candidateGroups — who may take the task' ],
  'camunda:topic': [ '服务主题', 'Topic', 'camunda:topic — server handler (sets camunda:type="external")' ],
  'calledElement': [ '调用流程', 'Called process', 'calledElement — key of the process to start' ],
};

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const isExpression = value => /^\$\{.*\}$/.test(value);
const durationCheck = key => value =>
  !value || isExpression(value) || ISO_DURATION.test(value) ? null : t(key);
// A list may mix literal durations with expressions ("P14D,${calendar.remind.pledge.before}"): the server checks
// what an expression gives when the task is created, and literal parts at deploy.
const durationListCheck = value =>
  !value || value.includes('${') || value.split(',').every(part => ISO_DURATION.test(part.trim())) ? null : t('notDurationList');

export default function ApPropertiesProvider(propertiesPanel, config) {
  this._options = normalise((config && config.options) || {});
  propertiesPanel.registerProvider(400, this);
}

ApPropertiesProvider.$inject = [ 'propertiesPanel', 'config.approval' ];

ApPropertiesProvider.prototype.getGroups = function(element) {
  return groups => {
    const entries = this.entries(element);
    if (entries.length === 0) return groups;
    const general = groups.findIndex(group => group.id === 'general');
    groups.splice(general + 1, 0, { id: 'approval-ap', label: t('group'), entries, component: Group, shouldOpen: true });
    return groups;
  };
};

ApPropertiesProvider.prototype.entries = function(element) {
  const options = this._options;
  if (is(element, 'bpmn:UserTask')) {
    return [
      select('camunda:formKey', options.formKeys),
      select('camunda:candidateGroups', options.groups),
      text('ap:title'), text('ap:org'), text('ap:outcomes'),
      text('ap:remindBefore', durationListCheck),
      text('ap:remindEvery', durationCheck('notDuration')),
      text('ap:escalateAfter', durationCheck('notDuration')),
    ];
  }
  if (is(element, 'bpmn:ServiceTask')) {
    return [ select('camunda:topic', options.topics, { 'camunda:type': 'external' }), text('ap:kind') ];
  }
  if (is(element, 'bpmn:CallActivity')) return [ select('calledElement', options.processes) ];
  if (is(element, 'bpmn:ReceiveTask') || hasMessageDefinition(element)) return [ text('ap:correlationKey') ];
  return [];
};

function hasMessageDefinition(element) {
  const definitions = getBusinessObject(element).get('eventDefinitions') || [];
  return definitions.some(definition => is(definition, 'bpmn:MessageEventDefinition'));
}

function describe(name) {
  const [ zh, en, description ] = LABELS[name];
  return { id: `ap-${name.replace(':', '-')}`, name, label: isEnglish() ? en : zh, description };
}

function text(name, validate) {
  return { ...describe(name), validate, component: ApTextEntry, isEdited: isTextFieldEntryEdited };
}

/** `also` is written together with a chosen value (the topic needs camunda:type="external" in Camunda's panel). */
function select(name, choices, also) {
  return { ...describe(name), choices, also, component: ApSelectEntry, isEdited: isSelectEntryEdited };
}

function ApTextEntry({ element, id, name, label, description, validate }) {
  const modeling = useService('modeling');
  const debounce = useService('debounceInput');
  return h(TextFieldEntry, {
    element, id, label, description, validate, debounce,
    getValue: el => getBusinessObject(el).get(name) || '',
    setValue: value => modeling.updateProperties(element, { [name]: value || undefined }),
  });
}

function ApSelectEntry({ element, id, name, label, description, choices, also }) {
  const modeling = useService('modeling');
  const getValue = el => getBusinessObject(el).get(name) || '';
  const getOptions = el => {
    const current = getValue(el);
    const list = [ { value: '', label: t('noneOption') }, ...choices.map(c => ({ value: c.id, label: c.label })) ];
    // a value typed by hand (an expression, a comma list) stays visible instead of silently showing "none"
    if (current && !choices.some(c => c.id === current)) list.push({ value: current, label: t('currentValue', current) });
    return list;
  };
  const setValue = value => modeling.updateProperties(element, { [name]: value || undefined, ...(value ? also : {}) });
  return h(SelectEntry, { element, id, label: t('pickFromList', label), description, getValue, setValue, getOptions });
}

/** Server lists are strings or { id, name }; both become { id, label }. */
function normalise(options) {
  const list = items => (Array.isArray(items) ? items : []).map(item => typeof item === 'string'
    ? { id: item, label: item }
    : { id: item.id, label: item.name && item.name !== item.id ? `${item.name} (${item.id})` : item.id });
  return { topics: list(options.topics), groups: list(options.groups), formKeys: list(options.formKeys), processes: list(options.processes) };
}
