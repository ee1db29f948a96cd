/** Deterministic AWS-looking ids: a seeded PRNG, so two stores with the same seed hand out the same ids. */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** API ids (v2 and REST) are 10 lowercase alphanumerics on AWS. */
export const API_ID = /^[a-z0-9]{10}$/;
/** Authorizer and deployment ids are 6 lowercase alphanumerics on AWS. */
export const SHORT_ID = /^[a-z0-9]{6}$/;

export interface IdGenerator {
  /** A fresh id of `length` characters that `isTaken` does not reject. */
  next(length: number, isTaken: (id: string) => boolean): string;
}

export function createIdGenerator(seed: number): IdGenerator {
  let state = seed >>> 0;
  // mulberry32: tiny and well distributed, which is all ids need.
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const draw = (length: number): string => {
    let id = '';
    for (let i = 0; i < length; i += 1) id += ALPHABET.charAt(Math.floor(random() * ALPHABET.length));
    return id;
  };
  return {
    next(length, isTaken) {
      let id = draw(length);
      while (isTaken(id)) id = draw(length);
      return id;
    },
  };
}
