import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setUnauthorizedHandler, tokenStore } from '../api/client';
import type { LoginAnswer, Me } from '../api/types';

interface Auth {
  /** The signed-in user with their unit, null when signed out, undefined while loading. */
  me: Me | null | undefined;
  login: (username: string, password: string) => Promise<Me>;
  logout: (reason?: 'expired') => void;
  /** Why the last session ended (shown on the login page). */
  endedBecause: 'expired' | null;
}

const Ctx = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [me, setMe] = useState<Me | null | undefined>(() => (tokenStore.get() ? undefined : null));
  const [endedBecause, setEndedBecause] = useState<'expired' | null>(null);

  const logout = useCallback(
    (reason?: 'expired') => {
      tokenStore.clear();
      queryClient.clear();
      setEndedBecause(reason ?? null);
      setMe(null);
    },
    [queryClient],
  );

  useEffect(() => {
    setUnauthorizedHandler(() => logout('expired'));
    return () => setUnauthorizedHandler(null);
  }, [logout]);

  useEffect(() => {
    if (me !== undefined) return;
    api
      .get<Me>('/auth/me')
      .then(setMe)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401)) console.error(e);
        tokenStore.clear();
        setMe(null);
      });
  }, [me]);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await api.post<LoginAnswer>('/auth/login', { username, password });
    tokenStore.set(answer.accessToken);
    const current = await api.get<Me>('/auth/me');
    setEndedBecause(null);
    setMe(current);
    return current;
  }, []);

  const value = useMemo(() => ({ me, login, logout, endedBecause }), [me, login, logout, endedBecause]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for screens behind the login (the shell guarantees it). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
