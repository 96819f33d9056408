/**
 * Step "routing": the first matching routing rule's queue for each account, reps balanced inside a queue.
 * Owns `routing`.
 */
import type { Frame } from '../../data/frame.ts';
import {
  DEFAULT_ROUTING,
  routeAccounts,
  ROUTING_FIELDS,
  validateRouting,
  type Routing,
  type RoutingConfig,
} from '../../segment/routing.ts';
import { asConfigError, check, isJsonObject, type ConfigSlice } from '../config-slice.ts';
import { artifactOf, type StudyStep } from '../step.ts';

/** The `routing` slice: ordered rules and the default queue. */
export const routingConfig: ConfigSlice<RoutingConfig> = {
  key: 'routing',
  defaults: () => structuredClone(DEFAULT_ROUTING),
  // Rules are a list of conditions: the user's routing replaces the default one as a whole.
  merge(_defaults, user, { file }) {
    check(isJsonObject(user), file, 'routing must be an object');
    return user as unknown as RoutingConfig;
  },
  validate(c, file) {
    asConfigError(file, null, () => validateRouting(c));
  },
};

/** A segment column as text (numbers as their digits; missing and negative as null), for rule matching. */
function asText(frame: Frame, column: string): (string | null)[] {
  const source = frame.column(column);
  if (source.kind === 'string') return source.values.slice();
  return Array.from(source.values, (v) => (Number.isNaN(v) || v < 0 ? null : String(v)));
}

/** The routing step: adds `queue` and `queue_rep`. */
export const routingStep: StudyStep<'routing'> = {
  name: 'routing',
  label: 'routing',
  config: [routingConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    artifactOf(state, 'road', 'routing');
    const columns = Object.fromEntries(ROUTING_FIELDS.map((field) => [field, asText(frame, field)]));
    const routing: Routing = routeAccounts(columns, frame.numbers('opportunity'), config.routing);
    return {
      columns: { queue: routing.queue, queue_rep: routing.queueRep },
      artifact: { queues: routing.queues },
    };
  },
};
