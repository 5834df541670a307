import { TriggerIndex } from './triggers';

describe('trigger index', () => {
  const index = new TriggerIndex(4);
  index.add('chest breath$ go', 0);
  index.add("od'd hell$", 1);
  index.add('pills', 2);
  index.maskedTarget = 3;

  it('matches word prefixes, whole words and short words', () => {
    expect(index.scan('My CHEST hurts')).toEqual([0]);
    expect(index.scan('chesterfield')).toEqual([0]);
    expect(index.scan('take a breath')).toEqual([0]);
    expect(index.scan('breathing')).toEqual([]);
    expect(index.scan('go on')).toEqual([0]);
    expect(index.scan('good')).toEqual([]);
    expect(index.scan('hello there')).toEqual([]);
    expect(index.scan('what the hell')).toEqual([1]);
    expect(index.scan('she OD\u2019d')).toEqual([1]);
    expect(index.scan('pill')).toEqual([]);
    expect(index.scan('pills, chest')).toEqual([0, 2]);
    expect(index.scan('')).toEqual([]);
  });

  it('reports masked words', () => {
    expect(index.scan('this is f***ing ridiculous')).toEqual([3]);
  });

  it('hands matched targets to some() in text order and stops at the first accepted one', () => {
    const seen: number[] = [];
    expect(index.some('pills then my chest, pills again', (t) => (seen.push(t), t === 0))).toBe(true);
    expect(seen).toEqual([2, 0]);
    seen.length = 0;
    expect(index.some('pills and breathing', (t) => (seen.push(t), t === 0))).toBe(false);
    expect(seen).toEqual([2]);
    expect(index.some('', () => true)).toBe(false);
    expect(index.some('nothing here', () => true)).toBe(false);
  });
});
