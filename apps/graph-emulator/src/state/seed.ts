import type { Directory } from './directory';
import { EmulatorError } from './emulator-error';
import { Prng } from './prng';

const GIVEN = [
  'Ada',
  'Ben',
  'Chloé',
  'Dev',
  'Elif',
  'Femi',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kai',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Uma',
  'Viktor',
  'Wen',
  'Xavier',
  'Yara',
  'Zoe',
];
const SURNAMES = [
  'Abbott',
  'Becker',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hansen',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Novak',
  "O'Brien",
  'Petrov',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Weber',
  'Young',
  'Zimmermann',
];
const TITLES = [
  'Engineer',
  'Technician',
  'Account Manager',
  'Service Desk Analyst',
  'Project Manager',
  'Consultant',
  null,
];
const DEPARTMENTS = ['Operations', 'Sales', 'Service Desk', 'Finance', 'Projects', null];

export interface SeedOptions {
  seed: string | number;
  users: number;
  groups: number;
}

export interface SeedResult {
  userIds: string[];
  groupIds: string[];
  memberships: number;
  nestedGroups: number;
}

/**
 * Fills a tenant deterministically: the same seed gives the same ids, names and memberships. Users join 0–3
 * groups (overlapping), and about a third of the groups are nested inside an earlier group (never a cycle).
 */
export function seedDirectory(dir: Directory, domain: string, options: SeedOptions): SeedResult {
  const rng = new Prng(`${options.seed}`);
  const groupIds: string[] = [];
  const userIds: string[] = [];
  let memberships = 0;
  let nestedGroups = 0;
  for (let g = 0; g < options.groups; g++) {
    const id = rng.guid();
    if (g === 0 && dir.groups.has(id)) {
      throw new EmulatorError(
        409,
        'AlreadySeeded',
        `This tenant was already seeded with seed '${options.seed}'.`,
      );
    }
    dir.createGroup({
      id,
      displayName: `Seed group ${g + 1}`,
      description: `Seeded group ${g + 1} of ${options.groups}`,
    });
    groupIds.push(id);
    if (g > 0 && rng.chance(0.33)) {
      dir.addMember(groupIds[rng.int(g)] as string, id);
      nestedGroups++;
    }
  }
  for (let u = 0; u < options.users; u++) {
    const id = rng.guid();
    if (u === 0 && (dir.users.has(id) || dir.deletedUsers.has(id))) {
      throw new EmulatorError(
        409,
        'AlreadySeeded',
        `This tenant was already seeded with seed '${options.seed}'.`,
      );
    }
    const givenName = rng.pick(GIVEN);
    const surname = rng.pick(SURNAMES);
    const local = `${givenName}.${surname}.${u + 1}`
      .normalize('NFD')
      .replace(/[^A-Za-z0-9.]/g, '')
      .toLowerCase();
    const upn = `${local}@${domain}`;
    dir.createUser({
      id,
      userPrincipalName: upn,
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      mail: rng.chance(0.9) ? upn : null,
      businessPhones: rng.chance(0.7) ? [`+1 555 01${String(u % 10000).padStart(4, '0')}`] : [],
      mobilePhone: rng.chance(0.6) ? `+1 555 02${String(u % 10000).padStart(4, '0')}` : null,
      jobTitle: rng.pick(TITLES),
      department: rng.pick(DEPARTMENTS),
      accountEnabled: rng.chance(0.97),
    });
    userIds.push(id);
    if (groupIds.length === 0) continue;
    const roll = rng.next();
    const count = roll < 0.05 ? 0 : roll < 0.55 ? 1 : roll < 0.85 ? 2 : 3;
    const joined = new Set<string>();
    for (let k = 0; k < count; k++) joined.add(groupIds[rng.int(groupIds.length)] as string);
    for (const groupId of joined) {
      dir.addMember(groupId, id);
      memberships++;
    }
  }
  return { userIds, groupIds, memberships, nestedGroups };
}
