// The API's group and workshop accounts (/api/v1/groups): the staff queue, one group
// with its participants and history, the group's decision, the bulk approval of its
// confirmed participants and the decision on an extension of its end date.
// Registered inside the v1 context (routes.tsx), whose hooks check the token and the
// scope each route names.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../services/errors.js';
import { decideGroup, type GroupDecisionOutcome, groupDecisionInput } from '../../services/group-accounts.js';
import { decideExtension, extensionDecisionInput } from '../../services/group-lifecycle.js';
import {
  approveGroupParticipants,
  groupList,
  groupParams,
  groupQueueQuery,
  groupRecord,
  participantApprovalInput,
  participantApprovalResult,
  readGroup,
  readGroupQueue,
} from '../../services/group-records.js';
import { useCaseDeps } from '../use-case-deps.js';
import { actorOf, problems } from './route-parts.js';

/** A refused value of the caller's: its path and why. */
const invalid = (path: string, message: string) =>
  new AppError('INVALID_INPUT', { errors: [{ instancePath: path, message }] });

/** How a refused group decision is answered. */
const decisionProblem: Record<Exclude<GroupDecisionOutcome, { ok: true }>['problem'], () => AppError> = {
  NOT_FOUND: () => new AppError('NOT_FOUND'),
  CHANGED: () => new AppError('CONFLICT'),
  NOT_ALLOWED: () => new AppError('CONFLICT'),
  // The pledge not signed yet is the group's state, not the caller's input.
  PLEDGE: () => new AppError('CONFLICT'),
  MESSAGE: () => invalid('/message', 'a message in plain text (at most 4,000 characters), needed unless approving'),
  GROUP: () => invalid('/unixGroup', 'not a UNIX group name that may be used'),
  SCREENING: () => invalid('/screening', 'the screening done, in plain text (at most 4,000 characters)'),
};

export async function groupRoutes(app: FastifyInstance) {
  const deps = useCaseDeps(app);
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const found = async (id: number) => {
    const group = await readGroup(db, id);
    if (!group) throw new AppError('NOT_FOUND');
    return group;
  };

  r.get(
    '/groups',
    {
      config: { scope: 'groups.read' },
      schema: {
        summary: 'Group and workshop accounts sent to the centre, newest first (at most 500), by state',
        tags: ['groups'],
        querystring: groupQueueQuery,
        response: { 200: groupList, ...problems(400, 401, 403) },
      },
    },
    async (request) => readGroupQueue(db, request.query.state),
  );
  r.get(
    '/groups/:id',
    {
      config: { scope: 'groups.read' },
      schema: {
        summary: 'One group with its participants (their account names and SSH key fingerprints) and its history',
        tags: ['groups'],
        params: groupParams,
        response: { 200: groupRecord, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => found(request.params.id),
  );
  r.post(
    '/groups/:id/decision',
    {
      config: { scope: 'groups.decide' },
      schema: {
        summary:
          'Approve a sent group (its UNIX group and how passwords are handed out), ask for information, or refuse it',
        description:
          'Send the `version` read last: another’s move since, or a group not waiting for staff, is answered 409 CONFLICT, and so is an approval before the responsible person signed the group’s pledge. Asking for information or refusing needs a message to the person in charge (mailed); a group that needs screening is approved with the screening done. Refusing removes the participants who have no account.',
        tags: ['groups'],
        params: groupParams,
        body: groupDecisionInput,
        response: { 200: groupRecord, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const outcome = await decideGroup(deps, actorOf(request), request.params.id, request.body);
      if (!outcome.ok) throw decisionProblem[outcome.problem]();
      return found(request.params.id);
    },
  );
  r.post(
    '/groups/:id/participants/approve',
    {
      config: { scope: 'groups.decide' },
      schema: {
        summary: 'Approve confirmed participants of an approved group: each gets an account in the group’s UNIX group',
        description:
          'Name participants by id, or send `"confirmed"` for every confirmed one. Each approved participant becomes an application of their own, approved, whose account the server’s worker provisions. One whose account name was taken since is skipped and named; ids that are no confirmed participants of the group are left out and listed. A group that is not approved (or has ended) is answered 409 CONFLICT.',
        tags: ['groups'],
        params: groupParams,
        body: participantApprovalInput,
        response: { 200: participantApprovalResult, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      if (!(await readGroup(db, request.params.id))) throw new AppError('NOT_FOUND');
      const outcome = await approveGroupParticipants(
        deps,
        actorOf(request),
        request.params.id,
        request.body.participants,
        deps.now(),
      );
      if (outcome.ok) return outcome.result;
      throw new AppError(outcome.problem === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT');
    },
  );
  r.post(
    '/groups/:id/extension/decision',
    {
      config: { scope: 'groups.decide' },
      schema: {
        summary:
          'Approve the extension of the end date the person in charge asked for (the end date moves), or refuse it',
        description:
          'Send the `version` read last: another’s move since, or a group with no extension waiting, is answered 409 CONFLICT. The person in charge is mailed, with the message when there is one.',
        tags: ['groups'],
        params: groupParams,
        body: extensionDecisionInput,
        response: { 200: groupRecord, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      if (!(await readGroup(db, request.params.id))) throw new AppError('NOT_FOUND');
      const outcome = await decideExtension(deps, actorOf(request), request.params.id, request.body);
      if (outcome.ok) return found(request.params.id);
      if (outcome.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
      if (outcome.problem === 'INVALID') throw invalid('/message', 'plain text, at most 4,000 characters');
      throw new AppError('CONFLICT');
    },
  );
}
