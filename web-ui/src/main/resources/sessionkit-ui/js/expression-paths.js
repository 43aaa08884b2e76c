// The paths an expression field of a step completes (expression-field.js): what the editor can know, at edit time, of
// what a run will hold. message.* from the test panel's request body and the message fields earlier steps write;
// session.local.* from what earlier steps of the flow store; session.global.* from every name the app's flows set in
// the GLOBAL session (and the reserved username and roleId); user.*; request.params.* of the trigger's path; and the
// request.headers.* / request.query.* names any expression of the app already reads.
import { allSteps } from './flow-model.js';
import { pathsOfObject } from './expression-field.js';
import { valueHolder } from './descriptor-form.js';

const ALWAYS = ['message', 'session.local', 'session.global.username', 'session.global.roleId', 'user.id',
  'user.username', 'user.roleId', 'request.headers', 'request.query', 'request.params'];

/**
 * @param flows the app's flows (the working copy)
 * @param flow the flow being edited
 * @param stepId the step whose field completes (its earlier steps count), or null
 * @param message the test panel's request body for this flow, or null
 * @returns the known full paths, without duplicates
 */
export function knownPaths(flows, flow, stepId, message) {
  const paths = new Set(ALWAYS);
  if (message) pathsOfObject('message', message).forEach((p) => paths.add(p));
  for (const match of (flow.trigger?.path || '').matchAll(/\{([^}/]+)\}/g)) paths.add(`request.params.${match[1]}`);
  // earlier steps, in the order they run (nested ones included), up to the step being edited
  for (const step of allSteps(flow.steps)) {
    if (step.id === stepId) break;
    if (step.output?.target) paths.add(`message.${step.output.target}`);
    if (step.output?.name && (step.output.scope || 'LOCAL') === 'LOCAL') paths.add(`session.local.${step.output.name}`);
    for (const name of namesSet(step, 'LOCAL')) paths.add(`session.local.${name}`);
  }
  if (isNested(flow, stepId)) { paths.add('item'); paths.add('index'); }
  for (const f of flows) {
    for (const step of allSteps(f.steps)) {
      if (step.output?.name && step.output.scope === 'GLOBAL') paths.add(`session.global.${step.output.name}`);
      for (const name of namesSet(step, 'GLOBAL')) paths.add(`session.global.${name}`);
      for (const read of requestReads(step)) paths.add(read);
    }
  }
  return [...paths];
}

/** The names a step writes into a session of a scope: Set Parameters rows, Session Management PUT_DATA fields. */
function namesSet(step, scope) {
  const input = step.input || {};
  const literal = (value) => { const holder = valueHolder(value); return holder ? holder.value : value; };
  if (step.method === 'session.set-parameters' && (literal(input.scope) || 'LOCAL') === scope) {
    return (input.parameters || []).map((row) => row.name).filter((name) => typeof name === 'string' && name);
  }
  if (step.method === 'session.manage' && literal(input.operation) === 'PUT_DATA'
    && (literal(input.sessionType) || 'LOCAL') === scope && Array.isArray(input.fields)) {
    return input.fields.filter((name) => typeof name === 'string' && name);
  }
  return [];
}

/** @returns true when the step sits inside a For Each body */
function isNested(flow, stepId) {
  for (const step of allSteps(flow.steps)) {
    if (step.type === 'for-each' && [...allSteps(step.steps)].some((inner) => inner.id === stepId)) return true;
  }
  return false;
}

/** The request.headers.* and request.query.* paths a step's expressions read. */
function requestReads(step) {
  const text = JSON.stringify(step);
  return [...text.matchAll(/request\.(headers|query)\.([\p{L}\p{N}_$-]+)/gu)].map((m) => `request.${m[1]}.${m[2]}`);
}
