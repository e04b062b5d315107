import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../kernel.js';
import { assignSlots, checkDistinctBuffers } from './slots.js';
import { setLifetimes, type PlanTensor, type TensorRole } from './tensors.js';

const call = (label: string, ...tensors: string[]): KernelCall => ({
  label,
  code: '',
  bindings: tensors.map((tensor, i) => ({
    tensor,
    access: i === tensors.length - 1 ? 'read_write' : 'read',
  })),
  workgroups: [1, 1, 1],
});

const tensor = (name: string, n: number, role: TensorRole = 'activation'): PlanTensor => ({
  name,
  shape: [n],
  dtype: 'f32',
  role,
  first: -1,
  last: -1,
});

function plan(tensors: PlanTensor[], calls: KernelCall[]) {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  setLifetimes(byName, calls);
  return { byName, ...assignSlots(tensors) };
}

describe('tensor lifetimes', () => {
  it('span the first to the last call that binds a tensor', () => {
    const { byName } = plan(
      [tensor('x', 8, 'input'), tensor('a', 8), tensor('b', 8), tensor('unused', 8)],
      [call('f0', 'x', 'a'), call('f1', 'a', 'b'), call('f2', 'x', 'b')],
    );
    expect([byName.get('x')!.first, byName.get('x')!.last]).toEqual([0, 2]);
    expect([byName.get('a')!.first, byName.get('a')!.last]).toEqual([0, 1]);
    expect([byName.get('b')!.first, byName.get('b')!.last]).toEqual([1, 2]);
    expect(byName.get('unused')!.first).toBe(-1);
  });

  it('refuses a call that binds an undeclared tensor', () => {
    expect(() => plan([tensor('x', 4)], [call('f', 'x', 'ghost')])).toThrow(/ghost/);
  });
});

describe('buffer sharing', () => {
  it('puts tensors with disjoint lifetimes in one buffer, sized for the largest', () => {
    // A chain x → a → b → c → d: a and c never live together, nor b and d.
    const { slots, slotOf } = plan(
      [
        tensor('x', 10, 'input'),
        tensor('a', 100),
        tensor('b', 50),
        tensor('c', 80),
        tensor('d', 40),
      ],
      [call('1', 'x', 'a'), call('2', 'a', 'b'), call('3', 'b', 'c'), call('4', 'c', 'd')],
    );
    expect(slotOf.get('c')).toBe(slotOf.get('a'));
    expect(slotOf.get('d')).toBe(slotOf.get('b'));
    expect(slotOf.get('x')).not.toBe(slotOf.get('b'));
    expect(slots.find((s) => s.tensors.includes('a'))!.bytes).toBe(400);
    expect(slots.length).toBe(3);
  });

  it('never shares between tensors alive at once, whatever the lifetimes', () => {
    // Random interval sets: every pair in a slot must be disjoint.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let trial = 0; trial < 50; trial++) {
      const count = 2 + rand(20);
      const tensors = Array.from({ length: count }, (_, i) => tensor(`t${i}`, 1 + rand(64)));
      for (const t of tensors) {
        const first = rand(30);
        const last = first + rand(10);
        t.first = first;
        t.last = last;
      }
      const { slots } = assignSlots(tensors);
      const byName = new Map(tensors.map((t) => [t.name, t]));
      for (const s of slots) {
        const members = s.tensors.map((n) => byName.get(n)!);
        for (const a of members) {
          expect(s.bytes).toBeGreaterThanOrEqual(4 * a.shape[0]!);
          for (const b of members) {
            if (a !== b) expect(a.first > b.last || b.first > a.last).toBe(true);
          }
        }
      }
    }
  });

  it('gives persistent tensors their own buffers even when their calls are far apart', () => {
    const { slotOf } = plan(
      [tensor('w', 64, 'weight'), tensor('a', 64), tensor('b', 64)],
      [call('1', 'w', 'a'), call('2', 'a', 'b')],
    );
    const shared = [slotOf.get('a'), slotOf.get('b')];
    expect(shared).not.toContain(slotOf.get('w'));
  });

  it('finds a call that would bind one buffer twice', () => {
    const calls = [call('add', 'p', 'q', 'r')];
    expect(() =>
      checkDistinctBuffers(
        calls,
        new Map([
          ['p', 0],
          ['q', 1],
          ['r', 2],
        ]),
      ),
    ).not.toThrow();
    expect(() =>
      checkDistinctBuffers(
        calls,
        new Map([
          ['p', 0],
          ['q', 1],
          ['r', 0],
        ]),
      ),
    ).toThrow(/"p" and "r"/);
  });
});
