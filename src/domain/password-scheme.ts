// The password hashes a directory may verify on bind: `{ARGON2}` (argon2id PHC) or
// `{SSHA}` where it has no argon2 module. Chosen per division in the configuration.
export const passwordSchemes = ['ARGON2', 'SSHA'] as const;
export type PasswordScheme = (typeof passwordSchemes)[number];
