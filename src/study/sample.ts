/**
 * The bundled sample: `segment study` without a config runs `data/studies/sample-2026-05.json`, which names
 * the sample's inputs and its sample-specific choices (features, lift bands, engagement columns).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bundled sample's study config (absolute path).
 *
 * @example
 * const config = await loadStudyConfig(SAMPLE_STUDY_CONFIG);
 */
export const SAMPLE_STUDY_CONFIG = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../data/studies/sample-2026-05.json',
);
