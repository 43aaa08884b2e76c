// The flow definition as data (PRODUCT.md section 5) and the edits the editor makes to it. Pure functions over plain
// JSON: no DOM. A "container" is a list of steps, addressed by a key: "root" (the flow's steps), "<stepId>" (the
// body of a For Each step) or "<stepId>/<branchId>" (a branch of a Parallel step).

export const ROOT = 'root';

/** The core steps the editor offers next to plugin methods. */
export const CORE_STEPS = [
  { type: 'for-each', name: 'For Each', description: 'Runs its steps once per element of an array in the message.' },
  { type: 'parallel', name: 'Parallel', description: 'Runs branches of steps concurrently.' },
];

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
export const DATA_TYPES = ['STRING', 'INTEGER', 'NUMBER', 'BOOLEAN', 'DATETIME', 'OBJECT', 'ARRAY'];

/** @returns a slug of text usable as an id ("Add item" → "add-item") */
export function slug(text) {
  return String(text).toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'step';
}

/** @returns base, or base-2, base-3... whichever is not in taken */
export function uniqueId(base, taken) {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}

/** A new flow with a REST trigger whose id is not one of flows'. */
export function newFlow(name, flows) {
  const id = uniqueId(slug(name), new Set(flows.map((f) => f.id)));
  return { id, name, trigger: { type: 'REST', method: 'POST', path: `/${id}`, auth: 'JWT' }, steps: [] };
}

/** Every step of a flow, nested ones included, depth first. */
export function* allSteps(steps) {
  for (const step of steps || []) {
    yield step;
    if (step.type === 'for-each') yield* allSteps(step.steps);
    if (step.type === 'parallel') for (const branch of step.branches || []) yield* allSteps(branch.steps);
  }
}

/** Ids in use in a flow: steps and parallel branches. */
export function takenIds(flow) {
  const ids = new Set();
  for (const step of allSteps(flow.steps)) {
    ids.add(step.id);
    (step.branches || []).forEach((branch) => ids.add(branch.id));
  }
  return ids;
}

/** @returns the containers a step owns, as [{key, label, steps}] */
export function ownContainers(step) {
  if (step.type === 'for-each') return [{ key: step.id, label: 'Body', steps: step.steps }];
  if (step.type === 'parallel') {
    return (step.branches || []).map((branch) => ({ key: `${step.id}/${branch.id}`, label: branch.id, steps: branch.steps }));
  }
  return [];
}

/** @returns the step array of a container, or undefined */
export function containerSteps(flow, key) {
  if (key === ROOT) return flow.steps;
  const [stepId, branchId] = key.split('/');
  const owner = findStep(flow, stepId)?.step;
  if (!owner) return undefined;
  if (branchId === undefined) return owner.type === 'for-each' ? owner.steps : undefined;
  return owner.branches?.find((branch) => branch.id === branchId)?.steps;
}

/** @returns {step, list, index, container} for a step id, or null */
export function findStep(flow, id, steps = flow.steps, container = ROOT) {
  for (let index = 0; index < steps.length; index += 1) {
    const step = steps[index];
    if (step.id === id) return { step, list: steps, index, container };
    for (const own of ownContainers(step)) {
      const found = findStep(flow, id, own.steps, own.key);
      if (found) return found;
    }
  }
  return null;
}

/**
 * A new step.
 * @param flow the flow it goes into (for a unique id)
 * @param kind {method: "session.set-parameters"} or {type: "for-each" | "parallel"}
 */
export function newStep(flow, kind) {
  const taken = takenIds(flow);
  if (kind.type === 'for-each') {
    // Scoped off, the default of docs/flows.md: the iterations share the execution's LOCAL session
    return { id: uniqueId('for-each', taken), type: 'for-each', items: '{{ message.items }}', scoped: false, steps: [] };
  }
  if (kind.type === 'parallel') {
    const id = uniqueId('parallel', taken);
    taken.add(id);
    return { id, type: 'parallel', scoped: false, branches: [{ id: uniqueId('branch', taken), steps: [] }] };
  }
  const base = kind.method.includes('.') ? kind.method.slice(kind.method.lastIndexOf('.') + 1) : kind.method;
  return { id: uniqueId(slug(base), taken), method: kind.method, input: {} };
}

/** Inserts a step into a container at index (clamped). @returns true when the container exists */
export function insertStep(flow, key, index, step) {
  const list = containerSteps(flow, key);
  if (!list) return false;
  list.splice(Math.max(0, Math.min(index, list.length)), 0, step);
  return true;
}

/** @returns true when container key lies inside the step with id ancestorId (or is one of its own containers) */
export function isInside(flow, key, ancestorId) {
  if (key === ROOT) return false;
  const ownerId = key.split('/')[0];
  if (ownerId === ancestorId) return true;
  const owner = findStep(flow, ownerId);
  return owner ? isInside(flow, owner.container, ancestorId) : false;
}

/** Moves a step to a container and index. @returns true when moved (never into itself) */
export function moveStep(flow, id, key, index) {
  const found = findStep(flow, id);
  if (!found || isInside(flow, key, id)) return false;
  const target = containerSteps(flow, key);
  if (!target) return false;
  found.list.splice(found.index, 1);
  target.splice(Math.max(0, Math.min(index, target.length)), 0, found.step);
  return true;
}

/** Moves a step one place up (-1) or down (+1) in its container. @returns true when it moved */
export function moveBy(flow, id, delta) {
  const found = findStep(flow, id);
  if (!found) return false;
  const to = found.index + delta;
  if (to < 0 || to >= found.list.length) return false;
  found.list.splice(found.index, 1);
  found.list.splice(to, 0, found.step);
  return true;
}

/** Moves a step into the end of the For Each body / first Parallel branch just above it. @returns true when moved */
export function indent(flow, id) {
  const found = findStep(flow, id);
  if (!found || found.index === 0) return false;
  const previous = found.list[found.index - 1];
  const target = ownContainers(previous)[0];
  if (!target) return false;
  return moveStep(flow, id, target.key, target.steps.length);
}

/** Moves a step out of its For Each / Parallel, just after it. @returns true when moved */
export function outdent(flow, id) {
  const found = findStep(flow, id);
  if (!found || found.container === ROOT) return false;
  const owner = findStep(flow, found.container.split('/')[0]);
  return moveStep(flow, id, owner.container, owner.index + 1);
}

/** Removes a step (and what it holds). @returns the removed step, or null */
export function removeStep(flow, id) {
  const found = findStep(flow, id);
  if (!found) return null;
  found.list.splice(found.index, 1);
  return found.step;
}

/** Copies a step (fresh ids for it and everything inside) just after it. @returns the copy, or null */
export function duplicateStep(flow, id) {
  const found = findStep(flow, id);
  if (!found) return null;
  const copy = structuredClone(found.step);
  const taken = takenIds(flow);
  const renew = (step) => {
    step.id = uniqueId(step.id.replace(/-\d+$/, ''), taken);
    taken.add(step.id);
    for (const branch of step.branches || []) {
      branch.id = uniqueId(branch.id.replace(/-\d+$/, ''), taken);
      taken.add(branch.id);
      branch.steps.forEach(renew);
    }
    (step.type === 'for-each' ? step.steps : []).forEach(renew);
  };
  renew(copy);
  found.list.splice(found.index + 1, 0, copy);
  return copy;
}

/** Adds an empty branch to a Parallel step. @returns the branch */
export function addBranch(flow, parallel) {
  const branch = { id: uniqueId('branch', takenIds(flow)), steps: [] };
  parallel.branches.push(branch);
  return branch;
}

/** Renames a step; ids are unique in the flow and slug-shaped. @returns an error message, or null when renamed */
export function renameStep(flow, step, newId) {
  if (newId === step.id) return null;
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(newId)) return 'A step id has letters, digits, dashes and underscores, such as read-cart.';
  if (takenIds(flow).has(newId)) return `Another step or branch of this flow is called “${newId}”.`;
  step.id = newId;
  return null;
}
