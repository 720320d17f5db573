// The life of an account in the directory, and of each of its SSH keys, as state
// machines like the application's: an account is made (provisioning), becomes usable
// (active), may be locked (not renewed) and unlocked again, and ends (an approved
// Suspension). Every move of an account is recorded in account_event with its reason.
import { defineStateMachine } from './state-machine.js';

export const accountStates = ['provisioning', 'active', 'locked', 'ended'] as const;
export type AccountState = (typeof accountStates)[number];

export const accountMachine = defineStateMachine<AccountState>('account', {
  provisioning: ['active'],
  active: ['locked', 'ended'],
  locked: ['active', 'ended'],
  ended: [],
});

/** Why an account is locked or ended: what its locked page says. */
export const accountLockReasons = ['not_renewed', 'suspended', 'staff', 'group_ended'] as const;
export type AccountLockReason = (typeof accountLockReasons)[number];

/** In the directory (made and not ended): its keys and lock are kept there. */
export const liveAccountStates: readonly AccountState[] = ['active', 'locked'];

/**
 * A key the holder added is `adding` until a job has written it to the directory, then
 * `active`; a key removed is `removing` until the directory no longer has it, and then
 * its row goes. A key removed and added again before the job ran is `adding` again.
 */
export const sshKeyStates = ['adding', 'active', 'removing'] as const;
export type SshKeyState = (typeof sshKeyStates)[number];

export const sshKeyMachine = defineStateMachine<SshKeyState>('ssh key', {
  adding: ['active', 'removing'],
  active: ['removing'],
  removing: ['adding'],
});

/** The keys the directory should hold for an account: all but those being removed. */
export const sshKeyInDirectory = (state: SshKeyState): boolean => state !== 'removing';
