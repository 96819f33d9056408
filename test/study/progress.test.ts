/**
 * Progress you can see on long work: a slowed test step drives the clock (never wall-clock luck). In a log a line
 * comes at least every 10 s of a long step and never faster; JSON lines parse; a notebook gets one output updated
 * in place; heavy k selection says its estimate before any of its work.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { progressSink, type ProgressMode } from '../../src/cli/progress.ts';
import { notebookProgress } from '../../src/notebook/progress.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import type { ProgressEvent } from '../../src/study/progress.ts';
import { runSteps } from '../../src/study/runner.ts';
import type { StudyStep } from '../../src/study/step.ts';
import { kSelectionSeconds } from '../../src/study/steps/personas.ts';
import { STUDY_STEPS } from '../../src/study/steps/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { tempDir } from '../helpers.ts';

/** A stream that is not a terminal and keeps what it was given, with the fake clock's time of each line. */
function logStream(clock: { t: number }): {
  stream: NodeJS.WriteStream;
  lines: { at: number; text: string }[];
} {
  const lines: { at: number; text: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push({ at: clock.t, text });
      callback();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

/** A quick step and a slow one: 40 units of 2.5 s each on the fake clock (100 s), reported one by one. */
function slowSteps(clock: { t: number }): StudyStep[] {
  const quick = { name: 'sizeSegments', label: 'quick step', reads: [], config: [] };
  const slow = { name: 'lift', label: 'slow step', reads: [], config: [] };
  return [
    { ...quick, run: () => ({ artifact: {} as never }) },
    {
      ...slow,
      async run(_state, progress) {
        for (let unit = 1; unit <= 40; unit++) {
          clock.t += 2500;
          await Promise.resolve();
          progress?.work(unit, 40, 'units');
        }
        return { artifact: {} as never };
      },
    },
  ] as StudyStep[];
}

async function run(mode: ProgressMode) {
  const clock = { t: 0 };
  const { stream, lines } = logStream(clock);
  const sink = progressSink(stream, { mode, now: () => clock.t, heartbeat: false });
  await runSteps(await loadStudyConfig(), { steps: slowSteps(clock), onEvent: sink.event });
  sink.stop();
  return lines;
}

describe('progress in a log (stderr not a terminal)', () => {
  it('prints a line at least every 10 s of a long step and none faster, then its end; a quick step prints nothing', async () => {
    const lines = await run('auto');
    const work = lines.filter((l) => / of 40 units/.test(l.text));
    expect(work.length).toBe(10);
    expect(work[0]).toEqual({
      at: 10_000,
      text: 'segment study: 2/2 slow step: 4 of 40 units (10 %), 10 s in, about 1 min 30 s left',
    });
    const gaps = work.slice(1).map((l, i) => l.at - (work[i] as { at: number }).at);
    expect(gaps.every((g) => g >= 10_000 && g <= 10_000)).toBe(true);
    expect(lines.at(-1)).toEqual({ at: 100_000, text: 'segment study: slow step done in 1 min 40 s' });
    expect(lines.some((l) => l.text.includes('quick step'))).toBe(false);
  });

  it('--progress json writes one JSON object per event, work lines thinned, every step and its end', async () => {
    const lines = await run('json');
    const events = lines.map((l) => JSON.parse(l.text) as ProgressEvent & { elapsed: number });
    expect(events.map((e) => e.kind).filter((k) => k !== 'work')).toEqual([
      'step',
      'step-done',
      'step',
      'step-done',
    ]);
    const work = events.filter((e) => e.kind === 'work');
    expect(work.at(-1)).toMatchObject({
      label: 'slow step',
      done: 40,
      total: 40,
      unit: 'units',
      elapsed: 100,
    });
    expect(work.length).toBe(40); // a unit every 2.5 s, a tenth of the 10 s interval is 1 s: every one shows
  });

  it('--quiet (none) writes nothing', async () => {
    expect(await run('none')).toEqual([]);
  });
});

describe('progress in a notebook', () => {
  const saved = (globalThis as { Deno?: unknown }).Deno;
  afterEach(() => {
    (globalThis as { Deno?: unknown }).Deno = saved;
  });

  it('shows one output and updates it in place', async () => {
    const calls: { text: string; id: string | undefined; update: boolean | undefined }[] = [];
    (globalThis as { Deno?: unknown }).Deno = {
      jupyter: {
        display: async (bundle: { 'text/plain': string }, o: { display_id?: string; update?: boolean }) => {
          calls.push({ text: bundle['text/plain'], id: o.display_id, update: o.update });
        },
      },
    };
    const clock = { t: 0 };
    const progress = notebookProgress({ now: () => clock.t, intervalMs: 10_000 });
    await runSteps(await loadStudyConfig(), { steps: slowSteps(clock), onEvent: progress.event });
    await progress.done();
    expect(new Set(calls.map((c) => c.id)).size).toBe(1);
    expect(calls[0]?.update).toBe(false);
    expect(calls.slice(1).every((c) => c.update === true)).toBe(true);
    expect(calls.length).toBeLessThan(20); // 4 step events + a work update at most every 10 s of 100 s
    expect(calls.at(-1)?.text).toBe('2/2 slow step\ndone in 100.0 s');
  });
});

describe('an estimate before heavy k selection', () => {
  it('comes before any of its work, naming the keys that shorten it', async () => {
    const config = await loadStudyConfig();
    const heavy = {
      ...config,
      clusters: { ...config.clusters, k: 50, nInit: 1000, candidateK: [...Array(49)].map((_, i) => i + 2) },
    };
    expect(kSelectionSeconds(1400, 7, heavy.clusters)).toBeGreaterThan(600);
    const events: ProgressEvent[] = [];
    const stop = new Error('stop at the first unit of work');
    const listener = (e: ProgressEvent) => {
      events.push(e);
      if (e.kind === 'work' && e.label === 'personas (k-means)') throw stop;
    };
    await expect(runSteps(heavy, { until: 'personas', onEvent: listener })).rejects.toBe(stop);
    const personas = events.filter(
      (e) => e.kind !== 'step-done' && 'label' in e && e.label === 'personas (k-means)',
    );
    expect(personas.map((e) => e.kind)).toEqual(['step', 'estimate', 'work']);
    expect(personas[1]).toMatchObject({
      message: expect.stringMatching(
        /^k selection: about \d+ minutes for 50 k × 1,000 inits over 1,400 customers; lower clusters\.nInit or clusters\.candidateK to shorten it$/,
      ),
    });
  }, 60_000);
});

describe('segment study --progress', () => {
  it('json (here from SEGMENT_PROGRESS) gives a line per event that parses, every step started and ended', async () => {
    const out = join(tempDir(), 'run');
    const config = 'test/fixtures/exports/planted/study.json';
    const result = await runCli(['study', '--config', config, '--out', out], undefined, {
      SEGMENT_PROGRESS: 'json',
    });
    expect(result.code).toBe(0);
    const events = result.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as ProgressEvent & { elapsed: number });
    const steps = events.filter((e) => e.kind === 'step');
    const total = STUDY_STEPS.length + 1; // the steps and the writing of the run folder
    expect(steps.map((e) => (e as { step: number }).step)).toEqual([...Array(total)].map((_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'step-done').length).toBe(total);
    expect(events.some((e) => e.kind === 'work' && e.unit === 'fits')).toBe(true);
    expect(
      events.every((e, i) => i === 0 || e.elapsed >= (events[i - 1] as { elapsed: number }).elapsed),
    ).toBe(true);
  }, 60_000);

  it('refuses an unknown mode in one line before any work, writing nothing', async () => {
    const out = join(tempDir(), 'run');
    const result = await runCli(['study', '--out', out, '--progress', 'loud']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --progress loud: use auto, json, none\n');
    expect(existsSync(out)).toBe(false);
  });
});
