// argon2id, the hash of every password sc-account keeps (staff sign-in; directory
// passwords under the ARGON2 scheme). Its cost comes from the configuration
// (ARGON2_MEMORY_KIB, ARGON2_TIME_COST, ARGON2_PARALLELISM); the defaults are the
// production ones. A hash carries its parameters, so one made with other costs
// still verifies.
import argon2 from 'argon2';

export interface Argon2Params {
  /** KiB of memory per hash. */
  memoryCost: number;
  /** Passes over the memory. */
  timeCost: number;
  /** Lanes computed in parallel. */
  parallelism: number;
}

/** The production cost: 64 MiB, 3 passes, 4 lanes (the argon2 package's defaults). */
export const argon2Defaults: Argon2Params = { memoryCost: 65_536, timeCost: 3, parallelism: 4 };

/**
 * Below OWASP's Password Storage Cheat Sheet: its argon2id settings trade memory for
 * passes from m=47104/t=1 to m=7168/t=5, all about 35–47 MiB·passes. Fit for tests only.
 */
export const isWeakerThanOwasp = (p: Argon2Params): boolean =>
  p.memoryCost < 7168 || p.memoryCost * p.timeCost < 7168 * 5;

export const argon2idHash = (password: string, params: Argon2Params): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, ...params });

/** False for a wrong password and for a hash that is not one. */
export async function argon2Verify(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
