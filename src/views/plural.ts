/** "1 decision", "2 decisions": a count with its noun in the right number. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
