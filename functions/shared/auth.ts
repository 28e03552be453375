import * as z from 'zod';
import { principalFrom, type Principal } from '#domain/identity';
import { Unauthenticated } from '#domain/errors';

/** The Cognito custom attribute carrying a dealer user's dealer id. */
export const dealerIdClaim = 'custom:dealerId';

/**
 * API Gateway's HTTP API JWT authorizer hands claims to Lambda as strings; an array claim such as
 * `cognito:groups` arrives as `"[buyer approver]"`. Accept that form and a real array.
 */
const groupsClaim = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((value) => {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    const trimmed = value.trim();
    const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
    return inner.split(/[\s,]+/).filter(Boolean);
  });

const claimsSchema = z.object({
  sub: z.string().min(1),
  'cognito:groups': groupsClaim,
  [dealerIdClaim]: z.string().min(1).optional(),
});

/** The caller, from claims the authorizer already verified. Nothing in the request body or path counts. */
export function principalFromClaims(claims: unknown): Principal {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new Unauthenticated('token claims are incomplete');
  const principal = principalFrom(parsed.data.sub, parsed.data['cognito:groups'], parsed.data[dealerIdClaim]);
  if (!principal) throw new Unauthenticated('token carries no usable role');
  return principal;
}
