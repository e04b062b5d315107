import { describe, expect, it } from 'vitest';
import { recoveryPrompt } from './recovery.js';

describe('recoveryPrompt', () => {
  it('names the file and when it was saved, with Restore first', () => {
    const when = '2026-11-27T10:00:00.000Z';
    const prompt = recoveryPrompt({ savedAt: when, path: '/nets/resnet.cnn.json', text: '{}' });
    expect(prompt.buttons[prompt.defaultId]).toBe('Restore');
    expect(prompt.buttons[prompt.cancelId]).toBe('Discard');
    expect(prompt.detail).toContain('resnet.cnn.json');
    expect(prompt.detail).toContain(new Date(when).toLocaleString());
  });

  it('speaks of an untitled graph and survives a bad timestamp', () => {
    const prompt = recoveryPrompt({ savedAt: 'yesterday', path: null, text: '{}' });
    expect(prompt.detail).toContain('an untitled graph');
    expect(prompt.detail).toContain('at an unknown time');
  });
});
