// The account holder's pages: log in and out, recovery of a forgotten password with
// an SSH key, account information, SSH keys and password. Every /account page is
// guarded by requireUser (login.tsx).
import type { FastifyInstance } from 'fastify';
import { continuationRoutes } from './continuation.js';
import { groupRoutes } from './groups.js';
import { infoRoutes } from './info.js';
import { loginRoutes, requireUser } from './login.js';
import { passwordRoutes } from './password.js';
import { recoveryRoutes } from './recovery.js';
import { reissueRoutes } from './reissue.js';
import { requestFormRoutes } from './request-forms.js';
import { requestRoutes } from './requests.js';
import { sshKeyRoutes } from './ssh-keys.js';
import { usagePlanRoutes } from './usage-plan.js';

export async function accountRoutes(app: FastifyInstance) {
  // Wherever an /account route is added, it gets the guard first.
  app.addHook('onRoute', (route) => {
    if (route.url !== '/account' && !route.url.startsWith('/account/')) return;
    route.preHandler = [requireUser, ...[route.preHandler ?? []].flat()];
  });
  await loginRoutes(app);
  await recoveryRoutes(app);
  await reissueRoutes(app);
  await infoRoutes(app);
  await sshKeyRoutes(app);
  await passwordRoutes(app);
  await requestFormRoutes(app);
  await requestRoutes(app);
  await continuationRoutes(app);
  await usagePlanRoutes(app);
  await groupRoutes(app);
}
