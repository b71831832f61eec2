// A procedural generator of short, simple English stories: a few plots, each a chain of
// sentence templates filled from word lists written for this project. The text is small
// (about 40 KB), regular enough for a tiny model to learn in minutes, and varied enough that
// its samples are not memorised lines. Deterministic for a given seed.
import { pick, seeded, type Rand } from './random';

interface Hero {
  name: string;
  /** Subject, object and possessive pronouns. */
  he: string;
  him: string;
  his: string;
  /** "a little cat" — what the hero is. */
  kind: string;
}

const HE = { he: 'he', him: 'him', his: 'his' };
const SHE = { he: 'she', him: 'her', his: 'her' };
const NAMES: [string, typeof HE][] = [
  ['Mia', SHE], ['Tom', HE], ['Lily', SHE], ['Ben', HE], ['Zoe', SHE], ['Max', HE], ['Ana', SHE], ['Leo', HE],
  ['Ivy', SHE], ['Finn', HE], ['Nora', SHE], ['Omar', HE], ['Rosa', SHE], ['Kai', HE], ['Ella', SHE], ['Sam', HE],
];
const KINDS = [
  'little girl', 'little boy', 'small cat', 'brown dog', 'white rabbit', 'young fox', 'tiny mouse', 'happy duck',
  'slow turtle', 'green frog', 'little bear', 'curious owl',
];
const FRIENDS = [
  'a kind bird', 'an old turtle', 'a busy bee', 'a shy squirrel', 'a friendly goat', 'a little lamb', 'a big dog',
  'a wise owl', 'a funny monkey', 'a small fish',
];
const PLACES = ['the park', 'the forest', 'the garden', 'the beach', 'the farm', 'the river', 'the hill', 'the meadow', 'the lake', 'the town'];
const THINGS = ['ball', 'kite', 'hat', 'boat', 'drum', 'book', 'toy car', 'blanket', 'cup', 'star'];
const COLOURS = ['red', 'blue', 'yellow', 'green', 'shiny', 'soft', 'little', 'big', 'purple', 'orange'];
const HIDING = ['under a tree', 'behind a rock', 'in the tall grass', 'near the pond', 'under the bench', 'inside an old box', 'next to a flower', 'on top of the hill'];
const OPENINGS = ['Once upon a time', 'One day', 'One sunny morning', 'Long ago', 'One cold evening', 'Last summer', 'One windy day'];
const WEATHER = ['The sun was warm and bright.', 'The sky was blue and clear.', 'It was a windy day.', 'Rain fell softly on the roof.', 'The air was cold and fresh.'];
const HAPPY = ['happy', 'glad', 'proud', 'excited', 'calm'];
const SAD = ['sad', 'scared', 'worried', 'lonely', 'upset'];
const FOODS = ['a cake', 'some cookies', 'a pie', 'some bread', 'a big soup'];
const MORALS = [
  'Friends help each other.',
  'It is good to share.',
  'Being kind makes everyone happy.',
  'Trying again is how we learn.',
  'Saying sorry makes things better.',
  'It is brave to ask for help.',
];

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
/** "a wise owl" → "the wise owl", for the second time a character is named. */
const the = (someone: string) => someone.replace(/^an? /, 'the ');

function makeHero(r: Rand): Hero {
  const [name, pron] = pick(r, NAMES);
  return { name, ...pron, kind: pick(r, KINDS) };
}

function opening(r: Rand, h: Hero): string {
  return pick(r, [
    `${pick(r, OPENINGS)}, there was ${article(h.kind)} ${h.kind} named ${h.name}.`,
    `${pick(r, OPENINGS)}, ${article(h.kind)} ${h.kind} called ${h.name} lived near ${pick(r, PLACES)}.`,
    `${h.name} was ${article(h.kind)} ${h.kind} who loved to play.`,
  ]);
}

// Each plot returns the middle of a story: the problem, what the hero does, how it ends.
type Plot = (r: Rand, h: Hero) => string[];

const lostThing: Plot = (r, h) => {
  const thing = `${pick(r, COLOURS)} ${pick(r, THINGS)}`;
  const place = pick(r, PLACES);
  const where = pick(r, HIDING);
  return [
    `${cap(h.he)} had ${article(thing)} ${thing} that ${h.he} loved very much.`,
    `One day ${h.he} took the ${thing} to ${place}, and then ${h.he} could not find it.`,
    `${h.name} felt ${pick(r, SAD)}.`,
    `${cap(h.he)} looked ${pick(r, HIDING)}, but it was not there.`,
    `Then ${pick(r, FRIENDS)} came by and said it would help.`,
    `They looked together, and at last they found the ${thing} ${where}.`,
    `${h.name} was so ${pick(r, HAPPY)} that ${h.he} gave ${h.his} friend a big hug.`,
  ];
};

const newFriend: Plot = (r, h) => {
  const friend = pick(r, FRIENDS);
  const place = pick(r, PLACES);
  return [
    `${h.name} went to ${place} to play, but ${h.he} had no one to play with.`,
    `${cap(h.he)} sat down and felt ${pick(r, SAD)}.`,
    `Then ${h.he} saw ${friend} sitting alone.`,
    `${h.name} walked over and asked if they could play together.`,
    `${cap(the(friend))} smiled and said yes.`,
    `They played with a ${pick(r, COLOURS)} ${pick(r, THINGS)} until the sun went down.`,
    `From that day on, they met at ${place} every day.`,
  ];
};

const sharing: Plot = (r, h) => {
  const food = pick(r, FOODS);
  const friend = pick(r, FRIENDS);
  return [
    `${h.name} and ${h.his} mom made ${food} in the kitchen.`,
    `It smelled sweet and warm, and ${h.name} wanted to eat it all.`,
    `Then ${friend} knocked on the door, looking hungry and ${pick(r, SAD)}.`,
    `${h.name} thought for a moment.`,
    `${cap(h.he)} cut the food in two and gave half to ${h.his} guest.`,
    `They ate together and laughed a lot.`,
    `${h.name} felt ${pick(r, HAPPY)}, because sharing made the food taste even better.`,
  ];
};

const brave: Plot = (r, h) => {
  const place = pick(r, PLACES);
  return [
    `${h.name} was afraid of the dark path that went to ${place}.`,
    `One evening ${h.his} ${pick(r, ['ball', 'kite', 'hat', 'book'])} rolled down that path.`,
    `${cap(h.he)} felt ${pick(r, SAD)}, but ${h.he} took a deep breath.`,
    `Step by step, ${h.name} walked down the path with a little lamp.`,
    `${cap(h.he)} heard a noise ${pick(r, HIDING)}, but it was only ${pick(r, FRIENDS)}.`,
    `${h.name} found what ${h.he} had lost and walked home.`,
    `${cap(h.he)} was not afraid of the path anymore.`,
  ];
};

const tryAgain: Plot = (r, h) => {
  const task = pick(r, ['build a tower of blocks', 'climb the big tree', 'ride a bike', 'fly a kite', 'catch a fish', 'draw a horse']);
  return [
    `${h.name} wanted to ${task}.`,
    `The first time, it did not work, and ${h.name} felt ${pick(r, SAD)}.`,
    `The second time, it did not work either.`,
    `${cap(pick(r, FRIENDS))} told ${h.him} to try one more time and go slowly.`,
    `${h.name} tried again, slowly and carefully.`,
    `This time it worked, and ${h.he} could ${task}!`,
    `${h.name} was very ${pick(r, HAPPY)}.`,
  ];
};

const sorry: Plot = (r, h) => {
  const friend = pick(r, FRIENDS);
  const thing = `${pick(r, COLOURS)} ${pick(r, THINGS)}`;
  return [
    `${h.name} was playing with ${friend} near ${pick(r, PLACES)}.`,
    `${cap(h.he)} took the ${thing} and did not want to give it back.`,
    `${cap(the(friend))} felt ${pick(r, SAD)} and went home.`,
    `Now ${h.name} was alone, and playing was not fun anymore.`,
    `${cap(h.he)} ran after ${h.his} friend and said sorry.`,
    `They played with the ${thing} together, one after the other.`,
  ];
};

const PLOTS: Plot[] = [lostThing, newFriend, sharing, brave, tryAgain, sorry];

/** One story: an opening, maybe the weather, a plot, and an ending line. */
export function story(r: Rand): string {
  const h = makeHero(r);
  const lines = [opening(r, h)];
  if (r() < 0.5) lines.push(pick(r, WEATHER));
  lines.push(...pick(r, PLOTS)(r, h));
  lines.push(r() < 0.5 ? pick(r, MORALS) : pick(r, ['The end.', `${h.name} smiled and went to sleep.`, 'And that was a good day.']));
  return lines.join(' ');
}

/** Stories separated by blank lines until the text reaches about targetChars. */
export function tinyStories(seed = 1, targetChars = 40_000): string {
  const r = seeded(seed, 'tiny-stories');
  const stories: string[] = [];
  let length = 0;
  while (length < targetChars) {
    const s = story(r);
    stories.push(s);
    length += s.length + 2;
  }
  return stories.join('\n\n') + '\n';
}
