/**
 * Step "routing": the first matching routing rule's queue for each account, reps balanced inside a queue.
 * Owns `routing`.
 */
import {
  DEFAULT_ROUTING,
  routeAccounts,
  ROUTING_FIELDS,
  validateRouting,
  type Routing,
  type RoutingConfig,
} from '../../segment/routing.ts';
import { asConfigError, check, isJsonObject, type ConfigSlice } from '../config-slice.ts';
import { columnText } from '../column-text.ts';
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

/** The routing step: adds `queue` and `queue_rep`. */
export const routingStep: StudyStep<'routing'> = {
  name: 'routing',
  label: 'routing',
  reads: ['opportunity', 'road_quadrant', 'tier', 'size_segment'],
  config: [routingConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    artifactOf(state, 'road', 'routing');
    const columns = Object.fromEntries(ROUTING_FIELDS.map((field) => [field, columnText(frame, field)]));
    const routing: Routing = routeAccounts(columns, frame.numbers('opportunity'), config.routing);
    return {
      columns: { queue: routing.queue, queue_rep: routing.queueRep },
      artifact: { queues: routing.queues },
    };
  },
};
