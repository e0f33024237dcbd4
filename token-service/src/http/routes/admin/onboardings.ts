/** Admin: a customer's tenant, bot and site in one step, all or nothing (onboarding/onboarding-service.ts). */
import { Onboarding, OnboardingRequest } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.js';
import { BODY_ERRORS, UPSTREAM_ERRORS, mount, route } from '../../spec.js';
import { json } from '../../response.js';

export const onboard = route({
  id: 'onboard',
  method: 'post',
  path: '/admin/v1/onboardings',
  tag: 'Tenants',
  summary: 'Onboard a customer: tenant (and sub-account), bot and site in one step',
  description:
    'Either all three are created, or none: a failure after the tenant was created removes the tenant and its sub-account again, and the error says what failed.',
  auth: 'admin',
  body: OnboardingRequest,
  answers: { 201: { description: 'What was created; the site carries the snippet to paste', schema: Onboarding } },
  errors: [...BODY_ERRORS, 'bot_not_found', ...UPSTREAM_ERRORS],
});

export function onboardingRoutes(app: Hono<AppEnv>, { onboarding }: AppDeps) {
  mount(app, onboard, async (c, { body }) => json(c, await onboarding.onboard(body), 201));
}
