import { describe, expect, it } from 'vitest';
import { replayChannel } from './replayChannel.js';

describe('replayChannel', () => {
  it('keeps messages until the first listener, then delivers them once, in order', () => {
    const channel = replayChannel<string>();
    channel.push('a');
    channel.push('b');
    const first: string[] = [];
    const second: string[] = [];
    channel.subscribe((v) => first.push(v));
    channel.subscribe((v) => second.push(v));
    channel.push('c');
    expect(first).toEqual(['a', 'b', 'c']);
    expect(second).toEqual(['c']);
  });

  it('stops delivering after unsubscribe, and waits again when nobody listens', () => {
    const channel = replayChannel<number>();
    const got: number[] = [];
    const unsubscribe = channel.subscribe((v) => got.push(v));
    channel.push(1);
    unsubscribe();
    channel.push(2);
    expect(got).toEqual([1]);
    channel.subscribe((v) => got.push(v));
    expect(got).toEqual([1, 2]);
  });
});
