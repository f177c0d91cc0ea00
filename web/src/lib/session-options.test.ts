import { describe, expect, it } from 'vitest';
import type { Capabilities, ProjectsResponse } from '../types/websocket';
import { defaultProject } from './default-project';
import { modelChoices, permissionModeChoices } from './session-options';

const capabilities = (extra: Partial<Capabilities> = {}): Capabilities => ({
  backend: 'claude-code',
  defaultModel: '',
  models: [{ value: 'default', displayName: 'Default (recommended)' }, { value: 'sonnet', displayName: 'Sonnet' }, { value: 'opus', displayName: 'Opus' }],
  commands: [],
  outputStyles: [],
  permissionModes: ['default', 'acceptEdits', 'plan'],
  ...extra,
});

describe('permission mode choices', () => {
  it('offers bypassPermissions only when the server lists it', () => {
    expect(permissionModeChoices(capabilities()).map((c) => c.value)).toEqual(['default', 'acceptEdits', 'plan']);
    expect(permissionModeChoices(capabilities({ permissionModes: ['default', 'acceptEdits', 'plan', 'bypassPermissions'] })).map((c) => c.value)).toContain('bypassPermissions');
    expect(permissionModeChoices(undefined, 'bypassPermissions').map((c) => c.value)).toEqual(['default', 'acceptEdits', 'plan', 'bypassPermissions']);
  });
});

describe('model choices', () => {
  it('starts with the default (named when the server has one), then the CLI models', () => {
    expect(modelChoices(capabilities())).toEqual([
      { value: '', label: 'Default' },
      { value: 'sonnet', label: 'Sonnet' },
      { value: 'opus', label: 'Opus' },
    ]);
    expect(modelChoices(capabilities({ defaultModel: 'opus' }))[0]).toEqual({ value: '', label: 'Default (opus)' });
    expect(modelChoices(undefined, 'haiku').map((c) => c.value)).toEqual(['', 'haiku']);
  });
});

describe('defaultProject', () => {
  const projects: ProjectsResponse = {
    home: '/h',
    roots: ['/h/w'],
    projects: [
      { path: '/h/w/a', name: 'a', displayPath: '~/w/a', isRoot: false, exists: true, sessionCount: 1, terminalCount: 0, lastActivity: null },
      { path: '/h/w/gone', name: 'gone', displayPath: '~/w/gone', isRoot: false, exists: false, sessionCount: 1, terminalCount: 0, lastActivity: null },
      { path: '/h/w', name: 'w', displayPath: '~/w', isRoot: true, exists: true, sessionCount: 0, terminalCount: 0, lastActivity: null },
    ],
  };
  it('is the last project used while it still exists, else the first root', () => {
    expect(defaultProject(projects, '/h/w/a')).toBe('/h/w/a');
    expect(defaultProject(projects, '/h/w/gone')).toBe('/h/w');
    expect(defaultProject(projects, '/elsewhere')).toBe('/h/w');
    expect(defaultProject(projects, null)).toBe('/h/w');
    expect(defaultProject(null, null)).toBeUndefined();
  });
});
