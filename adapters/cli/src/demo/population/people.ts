/**
 * The demo's invented patients. Names are made up, phones are in the 555 area code (none in service) and
 * emails are on example.org. Some patients share a household landline, as spouses or a parent and
 * child do, so the timeline has to tell two people on one number apart.
 */
import type { Random } from './random';

export interface DemoPatient {
  key: string;
  firstName: string;
  lastName: string;
  name: string;
  /** Spoken form, e.g. "March 4th, 1956". */
  birthDate: string;
  memberId: string;
  /** E.164; a household member's landline is shared with the other member. */
  landline: string;
  mobile: string;
  email: string;
  householdKey?: string;
  /** Medicare-age patients are the ones the sales line calls. */
  medicareAge: boolean;
}

const FIRST = [
  'Avery',
  'Jordan',
  'Riley',
  'Morgan',
  'Casey',
  'Quinn',
  'Rowan',
  'Harper',
  'Emerson',
  'Finley',
  'Sage',
  'Reese',
  'Dakota',
  'Skyler',
  'Hayden',
  'Parker',
  'Blake',
  'Ellis',
  'Marlow',
  'Tatum',
  'Lennon',
  'Shiloh',
  'Arden',
  'Briar',
];
const LAST = [
  'Testwell',
  'Samplesby',
  'Mockford',
  'Fakeley',
  'Demoson',
  'Stubbins',
  'Placeholt',
  'Fixture',
  'Synthwick',
  'Fauxley',
  'Madeup',
  'Fictson',
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function ordinal(d: number): string {
  const s =
    d % 10 === 1 && d !== 11
      ? 'st'
      : d % 10 === 2 && d !== 12
        ? 'nd'
        : d % 10 === 3 && d !== 13
          ? 'rd'
          : 'th';
  return `${d}${s}`;
}

const phone = (block: string, n: number) => `+1555${block}${String(n).padStart(4, '0')}`;

/**
 * `count` patients; every `householdEvery`-th pair shares a landline and a last name (the second
 * member of the pair takes the first one's number).
 */
export function demoPatients(rnd: Random, count: number, householdEvery = 8): DemoPatient[] {
  const out: DemoPatient[] = [];
  for (let i = 1; i <= count; i++) {
    const key = `p${String(i).padStart(3, '0')}`;
    const partner = i % householdEvery === 0 ? out[i - 2] : undefined;
    const firstName = rnd.pick(FIRST);
    const lastName = partner?.lastName ?? rnd.pick(LAST);
    const medicareAge = rnd.chance(0.4);
    const year = medicareAge ? 1940 + rnd.int(20) : 1962 + rnd.int(40);
    const householdKey = partner ? `h-${partner.key}` : undefined;
    if (partner) partner.householdKey = householdKey;
    out.push({
      key,
      firstName,
      lastName,
      name: `${firstName} ${lastName}`,
      birthDate: `${rnd.pick(MONTHS)} ${ordinal(1 + rnd.int(28))}, ${year}`,
      memberId: `NW${String(400_000 + i * 7919).slice(0, 6)}`,
      landline: partner?.landline ?? phone('018', i),
      mobile: phone('017', i),
      email: `${firstName}.${lastName}.${key}@example.org`.toLowerCase(),
      ...(householdKey ? { householdKey } : {}),
      medicareAge,
    });
  }
  return out;
}
