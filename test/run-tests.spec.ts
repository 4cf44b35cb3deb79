import { buildJestArgs, isStaleClone, needsServices, parseArgs, TIERS } from './run-tests.mjs';

describe('run-tests harness', () => {
  it('reads the tier from the first argument and forwards the rest to jest', () => {
    expect(parseArgs([])).toEqual({ tiers: TIERS, jestArgs: [] });
    expect(parseArgs(['unit'])).toEqual({ tiers: ['unit'], jestArgs: [] });
    expect(parseArgs(['int', 'test/utils', '-t', 'clone'])).toEqual({
      tiers: ['integration'],
      jestArgs: ['test/utils', '-t', 'clone'],
    });
    expect(parseArgs(['e2e', '--ci'])).toEqual({ tiers: ['e2e'], jestArgs: ['--ci'] });
    expect(parseArgs(['all', '--ci']).tiers).toEqual(['unit', 'integration', 'e2e', 'browser']);
    expect(parseArgs(['browser'])).toEqual({ tiers: ['browser'], jestArgs: [] });
    expect(parseArgs(['apps/cli', '--ci'])).toEqual({ tiers: TIERS, jestArgs: ['apps/cli', '--ci'] });
  });

  it('puts --selectProjects last so it cannot swallow path patterns, and picks workers unless told', () => {
    expect(buildJestArgs({ tiers: ['integration'], jestArgs: ['test/utils'], cpus: 2 })).toEqual([
      'test/utils',
      '--maxWorkers=2',
      '--selectProjects',
      'integration',
    ]);
    expect(buildJestArgs({ tiers: TIERS, jestArgs: [], cpus: 8 })).toEqual([
      '--maxWorkers=7',
      '--selectProjects',
      'unit',
      'integration',
      'e2e',
      'browser',
    ]);
    for (const flag of ['-i', '--runInBand', '--maxWorkers=1', '-w', '-w3', '--maxWorkers']) {
      expect(buildJestArgs({ tiers: ['unit'], jestArgs: [flag], cpus: 2 })).toEqual([flag, '--selectProjects', 'unit']);
    }
  });

  it('starts services only for tiers that use them', () => {
    expect(needsServices(['unit'])).toBe(false);
    expect(needsServices(['integration'])).toBe(true);
    expect(needsServices(TIERS)).toBe(true);
  });

  it('recognises clones left behind by crashed runs', () => {
    const now = Date.UTC(2026, 0, 1);
    const name = (ageMs: number) => `luodi_test_${(now - ageMs).toString(36)}_0123abcd`;
    expect(isStaleClone(name(7 * 3600_000), now)).toBe(true);
    expect(isStaleClone(name(60_000), now)).toBe(false);
    expect(isStaleClone('luodi_tpl_0123456789abcdef', now)).toBe(false);
    expect(isStaleClone('luodi', now)).toBe(false);
  });
});
