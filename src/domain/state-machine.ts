// A state machine is a typed union of states plus one table of allowed moves.
// Every flow (jobs now; applications, requests later) is built with this, so a
// move that is not in its table cannot happen anywhere.

export class TransitionError extends Error {
  readonly code = 'TRANSITION_NOT_ALLOWED';
  constructor(
    public readonly machine: string,
    public readonly from: string,
    public readonly to: string,
  ) {
    super(`${machine}: transition from ${from} to ${to} is not allowed`);
    this.name = 'TransitionError';
  }
}

export interface StateMachine<S extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly transitions: Readonly<Record<S, readonly S[]>>;
  can(from: S, to: S): boolean;
  /** Returns `to` when the move is allowed, else throws TransitionError. */
  advance(from: S, to: S): S;
  /** States with no way out. */
  terminal(): S[];
  /** The states from which a move to `to` is allowed (what an update may match). */
  into(to: S): S[];
}

export function defineStateMachine<S extends string>(
  name: string,
  transitions: Record<S, readonly S[]>,
): StateMachine<S> {
  const states = Object.keys(transitions) as S[];
  return {
    name,
    states,
    transitions,
    can: (from, to) => transitions[from]?.includes(to) ?? false,
    advance(from, to) {
      if (!this.can(from, to)) throw new TransitionError(name, from, to);
      return to;
    },
    terminal: () => states.filter((s) => transitions[s].length === 0),
    into: (to) => states.filter((from) => transitions[from].includes(to)),
  };
}
