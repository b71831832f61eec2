// Source → target string pairs for the sequence-pairs node: generated toy tasks, and the
// parser of uploaded TSV files. Everything here is plain strings; ids are made by the node.
import { pick, randInt, seeded, shuffle, type Rand } from './random';

export type Pair = [source: string, target: string];

interface TaskEntry {
  describe: string;
  /** Characters the task can produce, so a prompt may use any of them. */
  alphabet: string;
  make(r: Rand, minLength: number, maxLength: number): Pair;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function letters(r: Rand, minLength: number, maxLength: number): string {
  let s = '';
  for (let i = randInt(r, minLength, maxLength); i > 0; i--) s += pick(r, LETTERS);
  return s;
}

/** A whole number with `digits` digits and no leading zero. */
function numberWithDigits(r: Rand, digits: number): string {
  let s = digits === 1 ? String(randInt(r, 0, 9)) : String(randInt(r, 1, 9));
  for (let i = 1; i < digits; i++) s += String(randInt(r, 0, 9));
  return s;
}

/** Decimal addition on digit strings (operands may be longer than a double holds exactly). */
export function addDecimal(a: string, b: string): string {
  let out = '';
  let carry = 0;
  for (let i = a.length - 1, j = b.length - 1; i >= 0 || j >= 0 || carry; i--, j--) {
    const d = (i >= 0 ? a.charCodeAt(i) - 48 : 0) + (j >= 0 ? b.charCodeAt(j) - 48 : 0) + carry;
    out = String(d % 10) + out;
    carry = d >= 10 ? 1 : 0;
  }
  return out;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A date between 1950 and 2049 written by people (several styles) → its ISO form. */
function datePair(r: Rand): Pair {
  const date = new Date(Date.UTC(1950, 0, 1) + randInt(r, 0, 36524) * 86_400_000);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  const month = MONTHS[m];
  const human = pick(r, [
    `${d} ${month} ${y}`,
    `${month} ${d}, ${y}`,
    `${d} ${month.slice(0, 3)} ${y}`,
    `${WEEKDAYS[date.getUTCDay()]}, ${d} ${month} ${y}`,
    `${pad2(d)}.${pad2(m + 1)}.${y}`,
  ]);
  return [human, `${y}-${pad2(m + 1)}-${pad2(d)}`];
}

/** A task on a random string of letters whose target is a function of it. */
const letterTask = (describe: string, target: (s: string) => string): TaskEntry => ({
  describe,
  alphabet: LETTERS,
  make: (r, lo, hi) => {
    const s = letters(r, lo, hi);
    return [s, target(s)];
  },
});

export const TASKS = {
  reverse: letterTask('reverse a string of letters', (s) => [...s].reverse().join('')),
  sort: letterTask('sort the letters of a string', (s) => [...s].sort().join('')),
  copy: letterTask('copy a string of letters', (s) => s),
  addition: {
    describe: 'add two whole numbers (lengths are digits per operand)',
    alphabet: '0123456789+',
    make: (r, lo, hi) => {
      const a = numberWithDigits(r, randInt(r, lo, hi));
      const b = numberWithDigits(r, randInt(r, lo, hi));
      return [`${a}+${b}`, addDecimal(a, b)];
    },
  },
  dates: {
    describe: 'rewrite a date such as "7 March 2024" as 2024-03-07 (lengths unused)',
    alphabet: '0123456789-., ' + MONTHS.join('') + WEEKDAYS.join(''),
    make: (r) => datePair(r),
  },
} satisfies Record<string, TaskEntry>;

export type TaskId = keyof typeof TASKS;
export const TASK_IDS = Object.keys(TASKS) as TaskId[];

/** Up to `count` pairs with distinct sources (fewer when the task has fewer), seeded. */
export function generatePairs(task: TaskId, seed: number, count: number, minLength: number, maxLength: number): Pair[] {
  const r = seeded(seed, 'sequence-pairs', task);
  const bySource = new Map<string, string>();
  // Small tasks (say copy with length 1: 26 sources) run out of new sources; stop trying then.
  for (let tries = 0; bySource.size < count && tries < count * 20; tries++) {
    const [s, t] = TASKS[task].make(r, minLength, maxLength);
    if (!bySource.has(s)) bySource.set(s, t);
  }
  return [...bySource.entries()];
}

/** Parses `source<TAB>target` lines; blank lines are skipped; errors name the line. */
export function parseTsv(text: string): Pair[] {
  const pairs: Pair[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const where = `param text, line ${i + 1}`;
    const parts = line.split('\t');
    if (parts.length === 1) throw new Error(`${where}: expected source<TAB>target but the line has no tab`);
    if (parts.length > 2) throw new Error(`${where}: expected source<TAB>target but the line has ${parts.length - 1} tabs`);
    if (parts[0] === '') throw new Error(`${where}: the source (before the tab) is empty`);
    if (parts[1] === '') throw new Error(`${where}: the target (after the tab) is empty`);
    pairs.push([parts[0], parts[1]]);
  });
  return pairs;
}

/**
 * Shuffles (seeded) and splits pairs so that no source is on both sides: pairs sharing a
 * source stay together, and whole groups from the end form the held-out part.
 */
export function splitPairs(pairs: Pair[], valFraction: number, seed: number): { train: Pair[]; val: Pair[] } {
  const groups = new Map<string, Pair[]>();
  for (const pr of pairs) {
    const g = groups.get(pr[0]);
    if (g) {
      if (!g.some((q) => q[1] === pr[1])) g.push(pr);
    } else groups.set(pr[0], [pr]);
  }
  if (groups.size < 2)
    throw new Error(`there ${groups.size === 1 ? 'is 1 distinct source' : 'are no pairs'}; at least 2 are needed (one to train on, one to hold out)`);
  const order = shuffle(seeded(seed, 'split'), [...groups.values()]);
  const total = order.reduce((n, g) => n + g.length, 0);
  const wantVal = Math.max(1, Math.round(total * valFraction));
  const val: Pair[] = [];
  // Always leave the first group for training.
  while (val.length < wantVal && order.length > 1) val.unshift(...order.pop()!);
  return { train: order.flat(), val };
}
