import * as z from 'zod/mini';
import { principalFrom, type Principal } from '#domain/identity';
import { Unauthenticated } from '#domain/errors';
import './zod-messages.ts';

/** The Cognito custom attribute carrying a dealer user's dealer id. */
export const dealerIdClaim = 'custom:dealerId';

/**
 * API Gateway's HTTP API JWT authorizer hands claims to Lambda as strings; an array claim such as
 * `cognito:groups` arrives as `"[buyer approver]"`. Accept that form and a real array.
 */
const groupsClaim = z.pipe(z.optional(z.union([z.array(z.string()), z.string()])), z.transform((value) => {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    const trimmed = value.trim();
    const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
    return inner.split(/[\s,]+/).filter(Boolean);
  }));

const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  'cognito:groups': groupsClaim,
  [dealerIdClaim]: z.optional(z.string().check(z.minLength(1))),
});

/** The caller, from claims the authorizer already verified. Nothing in the request body or path counts. */
export function principalFromClaims(claims: unknown): Principal {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new Unauthenticated('token claims are incomplete');
  const principal = principalFrom(parsed.data.sub, parsed.data['cognito:groups'], parsed.data[dealerIdClaim]);
  if (!principal) throw new Unauthenticated('token carries no usable role');
  return principal;
}
