/**
 * The fixed value lists of a segmentation — ROAD quadrants and their motions, priority tiers, size segments —
 * in one place, in display order. Every module, chart and check uses these instead of retyping the literals.
 *
 * @example
 * import { ROAD_QUADRANTS, TIER_NAMES } from './vocabulary.ts';
 * ROAD_QUADRANTS; // ['Develop', 'Retain', 'Acquire', 'Opportunistic']
 */

/** The four ROAD quadrants. */
export type RoadQuadrant = 'Retain' | 'Opportunistic' | 'Acquire' | 'Develop';

/** The quadrants in display order (high spend first, then high opportunity). */
export const ROAD_QUADRANTS: readonly RoadQuadrant[] = ['Develop', 'Retain', 'Acquire', 'Opportunistic'];

/** The sales motion of each quadrant. */
export const ROAD_MOTIONS: Readonly<Record<RoadQuadrant, string>> = {
  Retain: 'Account management / customer success',
  Develop: 'Strategic farming (expansion)',
  Acquire: 'Hunters (new logo)',
  Opportunistic: 'Digital / self-serve',
};

/**
 * The motion of a customer in a low-spend quadrant: a customer is never worked as a new logo. A small customer
 * with a large opportunity is expanded by a farmer; one with a small opportunity is served by customer success.
 */
export const CUSTOMER_MOTIONS: Readonly<Record<'Acquire' | 'Opportunistic', string>> = {
  Acquire: 'Farmers (expand a small customer)',
  Opportunistic: 'Customer success (digital)',
};

/** A priority tier. */
export type Tier = 'P0' | 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

/** The six priority tiers, highest first. */
export const TIER_NAMES: readonly Tier[] = ['P0', 'P1', 'P2', 'P3', 'P4', 'P5'];

/** The three size segments. */
export type SizeSegment = 'Enterprise' | 'Mid-Market' | 'SMB';

/** The size segments, largest first. */
export const SIZE_SEGMENTS: readonly SizeSegment[] = ['Enterprise', 'Mid-Market', 'SMB'];

/** The size segments plus the bucket of accounts with neither employees nor revenue known. */
export const SIZE_SEGMENTS_WITH_UNKNOWN: readonly (SizeSegment | 'Unknown')[] = [...SIZE_SEGMENTS, 'Unknown'];
