/**
 * The parts of "which customer feedback relates to this decision" that are not SQL: the words a
 * decision is searched by, and the order of the candidates both engines' full-text queries return.
 */

/** Words too common to say what a decision is about. */
const STOPWORDS = new Set(
  (
    'the and for are but not you all any can had her was one our out has have him his how its may new now ' +
    'see two who did get let put say she too use way with this that from they will would there their what ' +
    'when which about into more some than them then these those been were also each just only over such ' +
    'very your should could shall we us it is be to of in on at by or as an do if so no'
  ).split(' '),
);

/** How many words a search uses: enough for a title and a description's gist. */
export const SEARCH_TERMS_MAX = 24;

/**
 * The distinct words of a text worth searching by, lower-cased, in order of appearance. Letters and
 * digits only, so a term can never be read as search syntax by FTS5 or to_tsquery.
 */
export function searchTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const kept = words.filter((word) => [...word].length >= 3 && !STOPWORDS.has(word));
  return [...new Set(kept)].slice(0, SEARCH_TERMS_MAX);
}

/** FTS5's query for any of the terms (each quoted as a string). */
export const fts5AnyOf = (terms: readonly string[]): string => terms.map((t) => `"${t}"`).join(' OR ');

/** to_tsquery's query for any of the terms. */
export const tsqueryAnyOf = (terms: readonly string[]): string => terms.join(' | ');

export interface RelatedCandidate {
  id: number;
  category: string | null;
  /** How well its words match the decision's (higher is better); 0 when no word is shared. */
  wordScore: number;
  createdAt: Date;
}

/**
 * The candidates that relate to a decision, best first: those in the decision's category before the
 * rest, then by words shared with its title and description, then the most recent. A candidate with
 * neither the category nor a shared word is not related.
 */
export function rankRelated<T extends RelatedCandidate>(
  candidates: readonly T[],
  category: string | null,
  limit: number,
): T[] {
  const sameCategory = (c: RelatedCandidate) => (category !== null && c.category === category ? 1 : 0);
  return candidates
    .filter((c) => sameCategory(c) === 1 || c.wordScore > 0)
    .sort(
      (a, b) =>
        sameCategory(b) - sameCategory(a) ||
        b.wordScore - a.wordScore ||
        b.createdAt.getTime() - a.createdAt.getTime() ||
        b.id - a.id,
    )
    .slice(0, limit);
}
