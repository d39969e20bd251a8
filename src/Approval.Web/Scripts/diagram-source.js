// Where the designer and the viewer get their XML from, and the layout fallback they share.
import { layoutProcess } from 'bpmn-auto-layout';

export const AP_NS = 'urn:approval:bpmn:1';

export async function fetchText(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/xml, text/xml, */*' } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${response.statusText}`);
  return response.text();
}

export async function fetchJson(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${response.statusText}`);
  return response.json();
}

/**
 * The shipped workflows carry no diagram interchange (no bpmndi), so a diagram is laid out before import.
 * bpmn-auto-layout walks `incoming`/`outgoing` of each node, which moddle fills only from <bpmn:incoming> and
 * <bpmn:outgoing> children; hand-written files give just sourceRef/targetRef, so those lists are filled in first
 * (without this every flow is dropped from the layout). The tool draws embedded sub-processes collapsed; bpmn-js then
 * moves their content to a drill-down plane of its own (SubprocessCompatibility). Boundary events and their flows
 * are laid out by the tool.
 */
export async function withLayout(xml, moddle) {
  const { rootElement: definitions } = await moddle.fromXML(xml);
  if ((definitions.diagrams || []).length > 0) return xml;
  for (const root of definitions.rootElements || []) {
    if (root.$type === 'bpmn:Process') linkFlows(root);
  }
  const { xml: linked } = await moddle.toXML(definitions);
  return layoutProcess(linked);
}

function linkFlows(container) {
  for (const element of container.flowElements || []) {
    if (element.$type === 'bpmn:SequenceFlow' && element.sourceRef && element.targetRef) {
      addOnce(element.sourceRef.get('outgoing'), element);
      addOnce(element.targetRef.get('incoming'), element);
    }
    if (element.flowElements) linkFlows(element);
  }
}

function addOnce(list, item) {
  if (!list.includes(item)) list.push(item);
}

/** A new diagram: one executable process with a start event, camunda and ap namespaces declared. */
export function blankDiagram(key) {
  const id = /^[A-Za-z_][\w.-]*$/.test(key || '') ? key : 'new-process';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
                  xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                  xmlns:ap="${AP_NS}"
                  id="${id}-definitions" targetNamespace="urn:approval:workflows">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="${id}-diagram">
    <bpmndi:BPMNPlane id="${id}-plane" bpmnElement="${id}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="180" y="160" width="36" height="36"/></bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
