import { LruCache } from './lru';

describe('LruCache', () => {
  it('evicts the least recently used entry, counting reads as use', () => {
    const c = new LruCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect([c.get('a'), c.get('b'), c.get('c'), c.size]).toEqual([1, undefined, 3, 2]);
  });
  it('keeps nothing at capacity 0', () => {
    const c = new LruCache<number>(0);
    c.set('a', 1);
    expect([c.get('a'), c.size]).toEqual([undefined, 0]);
  });
});
