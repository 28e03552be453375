import type { UserStore } from '#domain/ports';
import type { PortalUser } from '#domain/user';

/** An in-memory UserStore for unit tests of the route middleware. */
export function usersInMemory(...users: PortalUser[]): UserStore & { all: Map<string, PortalUser> } {
  const key = (u: { userId: string; dealerId?: string | undefined }) => `${u.dealerId ?? 'STAFF'}/${u.userId}`;
  const all = new Map(users.map((u) => [key(u), u]));
  return {
    all,
    get: async (u) => all.get(key(u)),
    put: async (u) => {
      all.set(key(u), u);
    },
  };
}
