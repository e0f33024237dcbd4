/**
 * The backstory rule syntax of the deterministic bot. A backstory line
 *   - when shipping|delivery: We ship in 2 days.\nTracking links come by email.
 * answers any user text containing one of the keywords (case-insensitive, matched at the start of
 * a word, so "ship" also matches "shipping" but not "relationship"); a literal \n in the answer is
 * a line break. The first line that is not a rule is the bot's persona, used by the fallback.
 */
export interface Rule {
  keywords: string[];
  answer: string;
}

export interface Backstory {
  persona: string | null;
  rules: Rule[];
}

const RULE_LINE = /^\s*(?:[-*]\s*)?when\s+([^:]+?)\s*:\s*(.*)$/i;

export function parseBackstory(backstory: string | null | undefined): Backstory {
  const rules: Rule[] = [];
  let persona: string | null = null;
  for (const line of (backstory ?? '').split(/\r?\n/)) {
    const match = RULE_LINE.exec(line);
    if (match) {
      const keywords = (match[1] ?? '')
        .split('|')
        .map((keyword) => keyword.trim().toLowerCase())
        .filter(Boolean);
      const answer = (match[2] ?? '').trim().replace(/\\n/g, '\n');
      if (keywords.length > 0 && answer !== '') rules.push({ keywords, answer });
    } else if (persona === null && line.trim() !== '') {
      persona = line.trim();
    }
  }
  return { persona, rules };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `word` occurs in `text` starting at a word boundary (Unicode-aware, any case). */
export function mentions(text: string, word: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(word)}`, 'iu').test(text);
}

/** The first rule (in backstory order) with a keyword the text mentions. */
export function matchRule(rules: readonly Rule[], text: string): Rule | null {
  return rules.find((rule) => rule.keywords.some((keyword) => mentions(text, keyword))) ?? null;
}

/** True when `word` occurs in `text` as a whole word (any case). Used for the built-in triggers. */
export function mentionsWord(text: string, word: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(word)}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}
