// Embedded sub-processes are drawn collapsed, their content on a drill-down plane of its own (see diagram-source.js).
// A marker on an element inside is only seen after drilling down, so callers also mark the sub-process shapes that
// hold it on the planes above.

/** The collapsed sub-process shapes that hold `element`, innermost first; empty for an element on the main plane. */
export function collapsedHolders(canvas, registry, element) {
  const holders = [];
  let root = element && canvas.findRoot(element);
  while (root && root.businessObject) {
    const shape = registry.get(root.businessObject.id);
    if (!shape || shape === root || !shape.parent) break;
    holders.push(shape);
    root = canvas.findRoot(shape);
  }
  return holders;
}
